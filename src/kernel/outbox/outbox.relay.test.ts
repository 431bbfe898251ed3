import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects } from '../../../test/helpers/db.js';
import { TestClock } from '../clock.js';
import type { Database } from '../db/index.js';
import { createLogger } from '../logger.js';
import { Outbox, OutboxRelay, type OutboxEvent, type OutboxRelayOptions } from './index.js';

interface Topics {
  'rental.ended': { rentalId: string };
  'payment.captured': { paymentId: string; amount: number };
}

const logger = createLogger('silent');

describe.each(testDialects())('transactional outbox on %s', (dialect) => {
  let database: Database & { drop(): Promise<void> };
  let clock: TestClock;
  let outbox: Outbox<Topics>;
  const relays: OutboxRelay<Topics>[] = [];
  const relay = (options: Partial<OutboxRelayOptions> = {}) => {
    const r = new OutboxRelay<Topics>({ database, clock, logger, ...options });
    relays.push(r);
    return r;
  };
  const emitted = async (payloads: Array<{ rentalId: string }>) =>
    outbox.transaction(database, async (trx) => {
      for (const p of payloads) await outbox.enqueue(trx, 'rental.ended', p);
    });
  const purgeAll = async () => {
    clock.advance(1);
    await database.db.deleteFrom('kernel_outbox').execute();
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    clock = new TestClock();
    outbox = new Outbox<Topics>(clock);
  });
  afterAll(async () => {
    for (const r of relays) await r.stop();
    await database.drop();
  });

  it('never delivers an event whose transaction rolled back', async () => {
    await purgeAll();
    const seen: string[] = [];
    const r = relay().on('rental.ended', 'seen', (e) => void seen.push(e.payload.rentalId));
    await expect(
      outbox.transaction(database, async (trx) => {
        await outbox.enqueue(trx, 'rental.ended', { rentalId: 'rnt_rolled_back' });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await r.drain()).toBe(0);
    expect(seen).toEqual([]);
    await r.stop();
  });

  it('delivers a committed event once to each handler, right after the commit', async () => {
    await purgeAll();
    const calls: string[] = [];
    let delivered!: (e: OutboxEvent) => void;
    const firstDelivery = new Promise<OutboxEvent>((resolve) => (delivered = resolve));
    const r = relay({ outbox, onDelivered: (e) => delivered(e) });
    r.on('rental.ended', 'receipts', (e) => void calls.push(`receipts:${e.payload.rentalId}`));
    r.on('rental.ended', 'loyalty', (e) => void calls.push(`loyalty:${e.payload.rentalId}`));
    await emitted([{ rentalId: 'rnt_1' }]); // the commit kicks the relay: no poll needed
    const event = await firstDelivery;
    expect(event).toMatchObject({ topic: 'rental.ended', payload: { rentalId: 'rnt_1' }, attempts: 0 });
    expect(event.id).toMatch(/^[a-z]+_[0-9A-Z]{26}$/);
    expect(await r.drain()).toBe(0);
    expect(calls.sort()).toEqual(['loyalty:rnt_1', 'receipts:rnt_1']);
    await r.stop();
  });

  it('retries a failing handler later without re-running the others or blocking other events', async () => {
    await purgeAll();
    const calls: string[] = [];
    let failures = 1;
    const r = relay({ retryBaseMs: 1000 });
    r.on('rental.ended', 'steady', (e) => void calls.push(`steady:${e.payload.rentalId}`));
    r.on('rental.ended', 'flaky', (e) => {
      if (e.payload.rentalId === 'rnt_a' && failures-- > 0) throw new Error('mail server down');
      calls.push(`flaky:${e.payload.rentalId}`);
    });
    await emitted([{ rentalId: 'rnt_a' }, { rentalId: 'rnt_b' }]);
    expect(await r.drain()).toBe(1); // rnt_b went through although rnt_a failed
    expect(calls).toEqual(['steady:rnt_a', 'steady:rnt_b', 'flaky:rnt_b']);
    const failed = await database.db
      .selectFrom('kernel_outbox')
      .select(['attempts', 'last_error', 'delivered_at'])
      .where('delivered_at', 'is', null)
      .execute();
    expect(failed).toEqual([{ attempts: 1, last_error: 'mail server down', delivered_at: null }]);

    expect(await r.drain()).toBe(0); // not due before its backoff
    clock.advance(1000);
    expect(await r.drain()).toBe(1);
    expect(calls).toEqual(['steady:rnt_a', 'steady:rnt_b', 'flaky:rnt_b', 'flaky:rnt_a']);
    await r.stop();
  });

  it('delivers again after a relay stopped between handling and marking (at least once)', async () => {
    await purgeAll();
    const handled: string[] = [];
    const crashing = relay({ leaseMs: 30_000 });
    crashing.on('rental.ended', 'receipts', (e) => {
      handled.push(`first:${e.payload.rentalId}`);
      void crashing.stop(); // the process dies before it can mark the event delivered
    });
    await emitted([{ rentalId: 'rnt_crash' }]);
    expect(await crashing.drain()).toBe(0);

    const restarted = relay({ leaseMs: 30_000 });
    restarted.on('rental.ended', 'receipts', (e) => void handled.push(`again:${e.payload.rentalId}`));
    expect(await restarted.drain()).toBe(0); // still leased to the dead relay
    clock.advance(30_000);
    expect(await restarted.drain()).toBe(1);
    expect(handled).toEqual(['first:rnt_crash', 'again:rnt_crash']);
    await restarted.stop();
  });

  it('two relays on one database: every event handled exactly once, in order per relay', async () => {
    await purgeAll();
    const handledBy = new Map<string, string[]>();
    const make = (name: string) => {
      const r = relay({ batchSize: 7 });
      handledBy.set(name, []);
      r.on('rental.ended', 'receipts', (e) => void handledBy.get(name)!.push(e.payload.rentalId));
      return r;
    };
    const a = make('a');
    const b = make('b');
    const ids = Array.from({ length: 40 }, (_, i) => `rnt_${String(i).padStart(2, '0')}`);
    await emitted(ids.map((rentalId) => ({ rentalId })));
    const [na, nb] = await Promise.all([a.drain(), b.drain()]);
    const all = [...handledBy.get('a')!, ...handledBy.get('b')!];
    expect(na + nb).toBe(40);
    expect(all.sort()).toEqual(ids);
    for (const list of handledBy.values()) expect(list).toEqual([...list].sort());
    await a.stop();
    await b.stop();
  });

  it('polls for events committed without a kick (another process, or before a crash)', async () => {
    await purgeAll();
    await database.transaction(async (trx) => {
      await outbox.enqueue(trx, 'payment.captured', { paymentId: 'pay_1', amount: 250 });
    });
    let delivered!: (e: OutboxEvent) => void;
    const done = new Promise<OutboxEvent>((resolve) => (delivered = resolve));
    const r = relay({ onDelivered: (e) => delivered(e) });
    r.on('payment.captured', 'ledger', () => undefined);
    r.start(10);
    expect((await done).payload).toEqual({ paymentId: 'pay_1', amount: 250 });
    await r.stop();
  });

  it('purges delivered events older than the cutoff and keeps undelivered ones', async () => {
    await purgeAll();
    const r = relay();
    r.on('rental.ended', 'receipts', (e) => {
      if (e.payload.rentalId === 'rnt_stuck') throw new Error('not yet');
    });
    await emitted([{ rentalId: 'rnt_done' }, { rentalId: 'rnt_stuck' }]);
    await r.drain();
    clock.advance(1);
    expect(await r.purgeDelivered(clock.nowMs())).toBe(1);
    const left = await database.db.selectFrom('kernel_outbox').select('payload').execute();
    expect(left.map((row: { payload: string }) => JSON.parse(row.payload))).toEqual([
      { rentalId: 'rnt_stuck' },
    ]);
    await r.stop();
  });
});
