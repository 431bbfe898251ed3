import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import { fleetStateHarness, type FleetStateHarness } from '../../../test/helpers/fleet-state.fixtures.js';

describe.each(testDialects())('operations alerts on %s', (dialect) => {
  let h: FleetStateHarness;
  let stationId: string;

  beforeAll(async () => {
    h = await fleetStateHarness(dialect);
    stationId = await h.addStation();
  });
  afterAll(() => h.drop());

  const fault = (slot: number) => ({
    type: 'SLOT_FAULT',
    severity: 'warning' as const,
    stationId,
    message: `Slot ${slot} fault`,
    details: { slot },
    key: `SLOT_FAULT:${stationId}:${slot}`,
  });

  it('raises one alert per open key, counting repeats, and announces only the first', async () => {
    const before = h.eventsOf('fleet.alert.raised').length;
    const first = await h.alerts.raise(fault(1));
    h.clock.advance(1000);
    const again = await h.alerts.raise({ ...fault(1), details: { slot: 1, code: 'MOTOR' } });
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ occurrences: 2, status: 'open', details: { code: 'MOTOR' } });
    expect(again.updatedAt > first.updatedAt).toBe(true);
    const raised = h.eventsOf('fleet.alert.raised').slice(before);
    expect(raised).toEqual([{ alertId: first.id, type: 'SLOT_FAULT', stationId }]);
    expect(await h.alerts.list({ stationId, type: 'SLOT_FAULT' })).toHaveLength(1);
  });

  it('after resolve, the same condition opens a new alert', async () => {
    const first = await h.alerts.raise(fault(2));
    const resolved = await h.alerts.resolve(first.id);
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await h.alerts.resolve(first.id)).status).toBe('resolved'); // idempotent
    const second = await h.alerts.raise(fault(2));
    expect(second.id).not.toBe(first.id);
    expect(second.occurrences).toBe(1);
  });

  it('resolves by key; alerts without a key never merge', async () => {
    await h.alerts.raise(fault(3));
    expect(await h.alerts.resolveByKey(`SLOT_FAULT:${stationId}:3`)).toBe(true);
    expect(await h.alerts.resolveByKey(`SLOT_FAULT:${stationId}:3`)).toBe(false);
    const a = await h.alerts.raise({ type: 'NOTE', severity: 'info', message: 'x' });
    const b = await h.alerts.raise({ type: 'NOTE', severity: 'info', message: 'x' });
    expect(a.id).not.toBe(b.id);
  });

  it('throws FLEET_ALERT_NOT_FOUND when resolving an unknown id', async () => {
    await expect(h.alerts.resolve('alr_missing')).rejects.toMatchObject({
      code: 'FLEET_ALERT_NOT_FOUND',
      status: 404,
    });
  });

  it('lists newest first, filtered by status, station and type', async () => {
    const open = await h.alerts.list({ status: 'open', stationId });
    expect(open.every((a) => a.status === 'open' && a.stationId === stationId)).toBe(true);
    const all = await h.alerts.list({ stationId });
    const created = all.map((a) => a.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect((await h.alerts.list({ status: 'resolved' })).length).toBeGreaterThanOrEqual(2);
    expect(await h.alerts.list({ limit: 1 })).toHaveLength(1);
  });

  it('concurrent raises of one key still make one alert', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => h.alerts.raise(fault(9))));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [alert] = await h.alerts
      .list({ stationId, status: 'open' })
      .then((l) => l.filter((a) => (a.details as { slot?: number }).slot === 9));
    expect(alert!.occurrences).toBe(5);
  });
});
