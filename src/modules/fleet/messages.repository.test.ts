import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import { fleetStateHarness, type FleetStateHarness } from '../../../test/helpers/fleet-state.fixtures.js';
import type { FleetUnit } from './fleet.unit-of-work.js';
import { InboundApplier } from './inbound.apply.js';
import { truncateUtf8 } from './messages.repository.js';

describe('truncateUtf8', () => {
  it('keeps short text and cuts long text on a character boundary, marked', () => {
    expect(truncateUtf8('hello', 10)).toBe('hello');
    const cut = truncateUtf8('€'.repeat(100), 50);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/^€+…\[truncated\]$/);
  });
});

describe.each(testDialects())('station message log on %s', (dialect) => {
  let h: FleetStateHarness;
  let stationId: string;
  const at = Date.parse('2026-01-15T10:00:00.000Z');

  beforeAll(async () => {
    h = await fleetStateHarness(dialect);
    stationId = await h.addStation();
  });
  afterAll(() => h.drop());

  it('accepts a message id once per station; a duplicate returns false and is not logged twice', async () => {
    const msg = {
      stationId,
      kind: 'event',
      messageId: 'boot1:1',
      payload: '{"v":1}',
      stationTs: '2026-01-15T09:59:59Z',
      receivedAtMs: at,
    };
    expect(await h.messages.recordInbound(msg)).toBe(true);
    expect(await h.messages.recordInbound({ ...msg, receivedAtMs: at + 1000 })).toBe(false);
    const other = await h.addStation();
    expect(await h.messages.recordInbound({ ...msg, stationId: other })).toBe(true);
    const logged = await h.messages.list(stationId);
    expect(logged.filter((m) => m.messageId === 'boot1:1')).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      direction: 'in',
      outcome: 'applied',
      stationTs: '2026-01-15T09:59:59.000Z',
    });
  });

  it('applies a message once with its dedup key in the same unit; a failed apply leaves the key free', async () => {
    const inbound = new InboundApplier(h.database, h.bus, h.messages);
    const msg = { stationId, kind: 'inventory', messageId: 'boot1:2', payload: {}, receivedAtMs: at };
    const before = h.eventsOf('fleet.alert.raised').length;
    const raiseIn = (unit: FleetUnit, key: string) =>
      h.alerts.raise({ type: 'TEST', severity: 'info', stationId, message: key, key }, unit);

    // The apply throws after writing: its write and the dedup key roll back together, and no event leaves.
    const failing = inbound.applyOnce(msg, async (unit) => {
      await raiseIn(unit, 'TEST:rolled-back');
      throw new Error('database unavailable');
    });
    await expect(failing).rejects.toThrow('database unavailable');
    await inbound.recordRejected(msg, 'apply failed: database unavailable');
    expect(h.eventsOf('fleet.alert.raised')).toHaveLength(before);
    expect(await h.alerts.list({ stationId, type: 'TEST' })).toEqual([]);

    // The re-delivery is applied (its events after commit), and a further copy is a duplicate that runs nothing.
    expect(await inbound.applyOnce(msg, (unit) => raiseIn(unit, 'TEST:applied').then(() => 7))).toEqual({
      fresh: true,
      value: 7,
    });
    expect(h.eventsOf('fleet.alert.raised')).toHaveLength(before + 1);
    let ran = false;
    expect(await inbound.applyOnce(msg, async () => void (ran = true))).toEqual({ fresh: false });
    expect(ran).toBe(false);

    const rows = (await h.messages.list(stationId)).filter((m) => m.kind === 'inventory');
    expect(rows.map((r) => [r.outcome, r.messageId, r.error]).sort()).toEqual([
      ['applied', 'boot1:2', null],
      ['rejected', null, 'apply failed: database unavailable'],
    ]);
  });

  it('stores big payloads truncated (8 KiB inbound, 2 KiB rejected) and survives NUL bytes', async () => {
    const big = 'x'.repeat(20_000);
    await h.messages.recordInbound({
      stationId,
      kind: 'hello',
      messageId: 'big',
      payload: big,
      receivedAtMs: at,
    });
    await h.messages.recordRejected({
      stationId,
      kind: 'event',
      payload: Buffer.from(`a\u0000${big}`),
      error: 'not JSON',
      receivedAtMs: at,
    });
    const rows = await h.messages.list(stationId, 100);
    const inbound = rows.find((r) => r.messageId === 'big')!;
    const rejected = rows.find((r) => r.outcome === 'rejected' && r.error === 'not JSON')!;
    expect(Buffer.byteLength(inbound.payload)).toBeLessThanOrEqual(8 * 1024);
    expect(Buffer.byteLength(rejected.payload)).toBeLessThanOrEqual(2 * 1024);
    expect(rejected.payload.startsWith('a\\u0000x')).toBe(true);
    expect(rejected.messageId).toBeNull();
  });

  it('lists newest first, both directions, with a limit; prunes by age', async () => {
    const s = await h.addStation();
    await h.messages.recordInbound({
      stationId: s,
      kind: 'hello',
      messageId: 'm1',
      payload: '{}',
      receivedAtMs: at,
    });
    await h.messages.recordOutbound({
      stationId: s,
      commandId: 'cmd_1',
      payload: { type: 'sync' },
      sentAtMs: at + 1000,
    });
    await h.messages.recordInbound({
      stationId: s,
      kind: 'result',
      messageId: 'm2',
      payload: '{}',
      receivedAtMs: at + 2000,
    });
    const all = await h.messages.list(s);
    expect(all.map((m) => m.messageId)).toEqual(['m2', 'cmd_1', 'm1']);
    expect(all[1]).toMatchObject({ direction: 'out', kind: 'command', outcome: 'sent' });
    expect(await h.messages.list(s, 2)).toHaveLength(2);
    expect(await h.messages.pruneOlderThan(at + 1500)).toBeGreaterThanOrEqual(2);
    expect((await h.messages.list(s)).map((m) => m.messageId)).toEqual(['m2']);
  });
});
