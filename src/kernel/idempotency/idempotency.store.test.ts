import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects } from '../../../test/helpers/db.js';
import { TestClock } from '../clock.js';
import type { Database } from '../db/index.js';
import { AppError, NotFoundError } from '../errors.js';
import { IdempotencyStore, requestHash } from './index.js';

const HOUR = 60 * 60 * 1000;

/** Starts an operation that holds its key until released; resolves once it is running (the key is claimed). */
async function holdKey(
  store: IdempotencyStore,
  scope: string,
  key: string,
  hash: string,
  body: unknown = { ok: true },
): Promise<{ release: () => void; done: Promise<unknown> }> {
  let release!: () => void;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const done = store.execute(scope, key, hash, async () => {
    started();
    await new Promise<void>((resolve) => (release = resolve));
    return { status: 201, body };
  });
  await running;
  return { release, done };
}

describe.each(testDialects())('idempotency keys on %s', (dialect) => {
  let database: Database & { drop(): Promise<void> };
  let clock: TestClock;
  let store: IdempotencyStore;
  let n = 0;
  const scope = 'POST /v1/rentals:rdr_1';
  const hashA = requestHash('POST', '/v1/rentals', { body: { stationId: 'stn_1' } });
  const hashB = requestHash('POST', '/v1/rentals', { body: { stationId: 'stn_2' } });
  const freshKey = () => `key-${++n}`;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    clock = new TestClock();
    store = new IdempotencyStore(database, clock);
  });
  afterAll(() => database.drop());

  it('runs the operation once and replays its response to a retry of the same request', async () => {
    const key = freshKey();
    let runs = 0;
    const fn = async () => ({ status: 201, body: { id: `rnt_${++runs}`, amount: 150 } });
    const first = await store.execute(scope, key, hashA, fn);
    const second = await store.execute(scope, key, hashA, fn);
    expect(runs).toBe(1);
    expect(first).toEqual({ status: 201, body: { id: 'rnt_1', amount: 150 }, replayed: false });
    expect(second).toEqual({ status: 201, body: { id: 'rnt_1', amount: 150 }, replayed: true });
  });

  it('refuses the same key for a different request with 422, while the first runs and after', async () => {
    const key = freshKey();
    const { release, done: running } = await holdKey(store, scope, key, hashA);
    await expect(
      store.execute(scope, key, hashB, async () => ({ status: 201, body: {} })),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    release();
    await running;
    await expect(
      store.execute(scope, key, hashB, async () => ({ status: 201, body: {} })),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
  });

  it('keeps keys apart per scope', async () => {
    const key = freshKey();
    const a = await store.execute('POST /v1/rentals:rdr_1', key, hashA, async () => ({
      status: 201,
      body: 'a',
    }));
    const b = await store.execute('POST /v1/rentals:rdr_2', key, hashB, async () => ({
      status: 201,
      body: 'b',
    }));
    expect([a.body, b.body, b.replayed]).toEqual(['a', 'b', false]);
  });

  it('10 concurrent calls with one key: the operation runs once and all get the same reply', async () => {
    const key = freshKey();
    let runs = 0;
    const fn = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { status: 201, body: { id: 'rnt_once', items: [1, 2, 3] } };
    };
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => store.execute(scope, key, hashA, fn)),
    );
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    for (const o of outcomes)
      expect(JSON.stringify([o.status, o.body])).toBe(
        JSON.stringify(outcomes[0] && [outcomes[0].status, outcomes[0].body]),
      );
  });

  it('stores a 4xx AppError and throws the same error again on replay', async () => {
    const key = freshKey();
    let runs = 0;
    const fn = async () => {
      runs++;
      throw new NotFoundError('FLEET_STATION_NOT_FOUND', 'Station stn_x does not exist', {
        stationId: 'stn_x',
      });
    };
    const first = await store.execute(scope, key, hashA, fn).catch((e: unknown) => e);
    const again = await store.execute(scope, key, hashA, fn).catch((e: unknown) => e);
    expect(runs).toBe(1);
    expect(first).toBeInstanceOf(NotFoundError);
    expect(again).toMatchObject({
      code: 'FLEET_STATION_NOT_FOUND',
      status: 404,
      message: 'Station stn_x does not exist',
      details: { stationId: 'stn_x' },
      replayed: true,
    });
  });

  it('does not keep a 5xx or unexpected failure: the retry runs the operation again', async () => {
    const key = freshKey();
    let runs = 0;
    const flaky = async () => {
      runs++;
      if (runs === 1) throw new AppError('PAYMENT_PROVIDER_DOWN', 'down', 503);
      if (runs === 2) throw new Error('socket hang up');
      return { status: 201, body: { attempt: runs } };
    };
    await expect(store.execute(scope, key, hashA, flaky)).rejects.toMatchObject({ status: 503 });
    await expect(store.execute(scope, key, hashA, flaky)).rejects.toThrow('socket hang up');
    expect(await store.execute(scope, key, hashA, flaky)).toMatchObject({
      body: { attempt: 3 },
      replayed: false,
    });
    expect(runs).toBe(3);
  });

  it('takes over a key whose holder crashed once its lock lapses; the crashed run cannot overwrite', async () => {
    const key = freshKey();
    // The first holder never answers in time: as if its process died mid-request.
    const { release: releaseCrashed, done: crashed } = await holdKey(store, scope, key, hashA, {
      by: 'crashed',
    });
    clock.advance(61_000);
    const taken = await store.execute(scope, key, hashA, async () => ({
      status: 201,
      body: { by: 'successor' },
    }));
    expect(taken).toEqual({ status: 201, body: { by: 'successor' }, replayed: false });
    releaseCrashed();
    await crashed;
    const replay = await store.execute(scope, key, hashA, async () => ({
      status: 201,
      body: { by: 'third' },
    }));
    expect(replay).toEqual({ status: 201, body: { by: 'successor' }, replayed: true });
  });

  it('gives up waiting with 409 IDEMPOTENCY_KEY_IN_USE when the holder runs longer than the wait bound', async () => {
    const impatient = new IdempotencyStore(database, clock, { maxWaitMs: 30 });
    const key = freshKey();
    const { release, done: running } = await holdKey(impatient, scope, key, hashA);
    await expect(
      impatient.execute(scope, key, hashA, async () => ({ status: 201, body: {} })),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', status: 409 });
    release();
    await running;
  });

  it('forgets keys after 24 hours: purgeExpired removes them and the key is new again', async () => {
    const key = freshKey();
    await store.execute(scope, key, hashA, async () => ({ status: 201, body: 1 }));
    const older = freshKey();
    await store.execute(scope, older, hashA, async () => ({ status: 201, body: 1 }));
    clock.advance(24 * HOUR);
    expect(await store.purgeExpired(clock.nowMs())).toBeGreaterThanOrEqual(2);
    const after = await store.execute(scope, key, hashB, async () => ({ status: 201, body: 2 }));
    expect(after).toEqual({ status: 201, body: 2, replayed: false });
  });

  it('treats an expired key that was not purged yet as new', async () => {
    const key = freshKey();
    await store.execute(scope, key, hashA, async () => ({ status: 201, body: 'old' }));
    clock.advance(25 * HOUR);
    const again = await store.execute(scope, key, hashA, async () => ({ status: 201, body: 'new' }));
    expect(again).toEqual({ status: 201, body: 'new', replayed: false });
  });
});

describe('request fingerprints', () => {
  it('ignore key order but not values, arrays order, method or route', () => {
    const base = requestHash('POST', '/v1/rentals', { body: { a: 1, b: { c: 2, d: [1, 2] } } });
    expect(requestHash('POST', '/v1/rentals', { body: { b: { d: [1, 2], c: 2 }, a: 1 } })).toBe(base);
    expect(requestHash('POST', '/v1/rentals', { body: { a: 1, b: { c: 2, d: [2, 1] } } })).not.toBe(base);
    expect(requestHash('POST', '/v1/payments', { body: { a: 1, b: { c: 2, d: [1, 2] } } })).not.toBe(base);
    expect(requestHash('PUT', '/v1/rentals', { body: { a: 1, b: { c: 2, d: [1, 2] } } })).not.toBe(base);
  });
});
