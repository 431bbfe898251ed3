import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import {
  addStation,
  changed,
  fleetFixture,
  putBank,
  setSlot,
  setStation,
  type FleetFixture,
} from '../../../test/helpers/availability-fixtures.js';
import type { AvailabilityChange } from './availability.types.js';

const LONDON = { lat: 51.5074, lng: -0.1278 };

describe.each(testDialects())('availability read model on %s', (dialect) => {
  let fx: FleetFixture;

  beforeEach(async () => {
    fx = await fleetFixture(dialect);
  });
  afterEach(async () => {
    await fx.fleet.availability.stop();
    await fx.drop();
  });

  it('counts rentable power banks and return slots by the rentable rule', async () => {
    const id = await addStation(fx, { ...LONDON, slots: 10 });
    await putBank(fx, id, 1, { id: 'pb_ready', batteryPct: 100 }); // rentable
    await putBank(fx, id, 2, { id: 'pb_charging_ok', batteryPct: 60 }); // rentable: exactly the minimum
    await putBank(fx, id, 3, { id: 'pb_low', batteryPct: 59 }); // battery below minimum
    await putBank(fx, id, 4, { id: 'pb_worn', batteryPct: 100, healthPct: 69 }); // health below minimum
    await putBank(fx, id, 5, { id: 'pb_black', batteryPct: 100, status: 'blacklisted' });
    await putBank(fx, id, 6, { id: 'pb_stranger', batteryPct: 100, unknown: true }); // never registered
    await putBank(fx, id, 7, { id: 'pb_faulted', batteryPct: 100, state: 'fault' });
    await setSlot(fx, id, 8, { powerBankId: null, state: 'disabled' });
    await setSlot(fx, id, 9, { powerBankId: null, state: 'empty', faults: ['SENSOR'] });
    // slot 10 stays empty: the only return slot

    await fx.fleet.availability.start();
    const station = fx.fleet.availability.get(id)!;
    expect(station.counts).toEqual({
      total: 10,
      rentable: 2,
      returnSlots: 1,
      occupiedNotRentable: 5,
      outOfService: 2,
    });
    expect(station.available).toBe(true);

    const slots = await fx.fleet.availability.slotDetails(id);
    expect(slots.filter((s) => s.rentable).map((s) => s.powerBankId)).toEqual(['pb_ready', 'pb_charging_ok']);
    expect(slots.filter((s) => s.returnable).map((s) => s.slot)).toEqual([10]);
  });

  it('lists stations near a point nearest first, within the radius, up to the limit', async () => {
    const a = await addStation(fx, { lat: 51.508, lng: -0.1278 }); // ~70 m
    const b = await addStation(fx, { lat: 51.52, lng: -0.1278 }); // ~1.4 km
    const c = await addStation(fx, { lat: 51.55, lng: -0.1278 }); // ~4.7 km
    await addStation(fx, { lat: 48.8566, lng: 2.3522 }); // Paris
    for (const id of [a, b, c]) await putBank(fx, id, 1, { id: `pb_${id}`, batteryPct: 100 });
    await fx.fleet.availability.start();

    const near = (radiusM: number, limit: number, minRentable?: number) =>
      fx.fleet.availability
        .near({ ...LONDON, radiusM, limit, ...(minRentable === undefined ? {} : { minRentable }) })
        .map((n) => n.station.stationId);
    expect(near(5_000, 20)).toEqual([a, b, c]);
    expect(near(2_000, 20)).toEqual([a, b]);
    expect(near(5_000, 2)).toEqual([a, b]);
    await putBank(fx, b, 2, { id: 'pb_b2', batteryPct: 100 });
    changed(fx, b);
    await fx.fleet.availability.settled();
    expect(near(5_000, 20, 2)).toEqual([b]);
  });

  it('hides offline and disabled stations from riders and shows them again when back', async () => {
    const a = await addStation(fx, LONDON);
    const offline = await addStation(fx, { lat: 51.508, lng: -0.128 });
    const disabled = await addStation(fx, { lat: 51.509, lng: -0.128 });
    const neverSeen = await addStation(fx, { lat: 51.51, lng: -0.128, online: false });
    await setStation(fx, offline, { connectivity: 'offline' });
    await setStation(fx, disabled, { enabled: false });
    await fx.fleet.availability.start();

    const ids = () =>
      fx.fleet.availability.near({ ...LONDON, radiusM: 2_000, limit: 20 }).map((n) => n.station.stationId);
    expect(ids()).toEqual([a]);
    expect(fx.fleet.availability.get(neverSeen)!.available).toBe(false);

    await setStation(fx, offline, { connectivity: 'online' });
    changed(fx, offline);
    await fx.fleet.availability.settled();
    expect(ids()).toEqual([a, offline]);
  });

  it('follows slot and power bank changes announced on the bus, and tells listeners', async () => {
    const id = await addStation(fx, LONDON);
    await fx.fleet.availability.start();
    const seen: AvailabilityChange[] = [];
    fx.fleet.availability.onChange((c) => seen.push(c));
    expect(fx.fleet.availability.get(id)!.counts.rentable).toBe(0);

    await putBank(fx, id, 1, { id: 'pb_1', batteryPct: 80 });
    changed(fx, id);
    await fx.fleet.availability.settled();
    expect(fx.fleet.availability.get(id)!.counts).toMatchObject({ rentable: 1, returnSlots: 3 });
    expect(seen.map((c) => [c.previous?.counts.rentable, c.station.counts.rentable])).toEqual([[0, 1]]);

    // The bank is taken: the slot is empty again.
    await setSlot(fx, id, 1, { powerBankId: null, state: 'empty' });
    changed(fx, id);
    await fx.fleet.availability.settled();
    expect(fx.fleet.availability.get(id)!.counts).toMatchObject({ rentable: 0, returnSlots: 4 });
    expect(seen).toHaveLength(2);
  });

  it('picks up changes made by another process by polling updated_at', async () => {
    const id = await addStation(fx, LONDON);
    await fx.fleet.availability.start();
    const version = fx.fleet.availability.version;

    // Written without a bus event, as a gateway in another process would.
    await putBank(fx, id, 1, { id: 'pb_elsewhere', batteryPct: 100 });
    const added = await addStation(fx, { lat: 51.508, lng: -0.1278 });
    expect(fx.fleet.availability.get(id)!.counts.rentable).toBe(0);

    await fx.fleet.availability.refresh();
    expect(fx.fleet.availability.get(id)!.counts.rentable).toBe(1);
    expect(fx.fleet.availability.get(added)).toBeDefined();
    expect(fx.fleet.availability.version).toBeGreaterThan(version);

    // Nothing changed since: a second round changes nothing.
    const after = fx.fleet.availability.version;
    await fx.fleet.availability.refresh();
    expect(fx.fleet.availability.version).toBe(after);
  });

  it('follows what the station-state service applies (inventory, events, connectivity)', async () => {
    const id = await addStation(fx, { ...LONDON, slots: 3 });
    await fx.fleet.provisioning.addPowerBanks([{ id: 'pb_inv_1' }, { id: 'pb_inv_2' }]);
    await fx.fleet.availability.start();
    const ctx = () => ({ stationAtMs: fx.clock.nowMs(), receivedAtMs: fx.clock.nowMs() });

    fx.clock.advance(1_000);
    await fx.fleet.state.applyInventory(
      id,
      [
        { slot: 1, powerBankId: 'pb_inv_1', batteryPct: 100, state: 'ready', faults: [] },
        { slot: 2, powerBankId: 'pb_inv_2', batteryPct: 30, state: 'charging', faults: [] },
        { slot: 3, powerBankId: null, batteryPct: 0, state: 'empty', faults: [] },
      ],
      ctx(),
    );
    await fx.fleet.availability.settled();
    expect(fx.fleet.availability.get(id)!.counts).toMatchObject({ rentable: 1, returnSlots: 1 });

    fx.clock.advance(1_000);
    await fx.fleet.state.applyEvent(
      id,
      {
        v: 1,
        id: 'e1',
        ts: fx.clock.now().toISOString(),
        type: 'bank_removed',
        slot: 1,
        powerBankId: 'pb_inv_1',
      },
      ctx(),
    );
    await fx.fleet.availability.settled();
    expect(fx.fleet.availability.get(id)!.counts).toMatchObject({ rentable: 0, returnSlots: 2 });

    await fx.fleet.state.setConnectivity(id, false, fx.clock.nowMs());
    await fx.fleet.availability.settled();
    expect(fx.fleet.availability.near({ ...LONDON, radiusM: 1_000, limit: 5 })).toEqual([]);
  });

  it('finds a station by its QR code', async () => {
    const id = await addStation(fx, { ...LONDON, code: 'QR1234' });
    await fx.fleet.availability.start();
    expect(fx.fleet.availability.getByCode('QR1234')?.stationId).toBe(id);
    expect(fx.fleet.availability.getByCode('NOPE99')).toBeUndefined();
  });
});
