import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelloMessage, StationEvent } from '../../gateway/protocol/messages.js';
import { testDialects } from '../../../test/helpers/db.js';
import {
  fleetStateHarness,
  inventoryOf,
  slotReport,
  type FleetStateHarness,
} from '../../../test/helpers/fleet-state.fixtures.js';

type EventBody = StationEvent extends infer E
  ? E extends StationEvent
    ? Omit<E, 'v' | 'id' | 'ts'>
    : never
  : never;

describe.each(testDialects())('station state on %s', (dialect) => {
  let h: FleetStateHarness;
  const T = Date.parse('2026-01-15T10:00:00.000Z');
  const ctx = (offsetMs: number) => ({ stationAtMs: T + offsetMs, receivedAtMs: T + offsetMs + 50 });

  beforeAll(async () => {
    h = await fleetStateHarness(dialect);
  });
  afterAll(() => h.drop());

  const event = (stationId: string, body: EventBody, atOffsetMs: number) =>
    h.state.applyEvent(
      stationId,
      { v: 1, id: `e${atOffsetMs}`, ts: '', ...body } as StationEvent,
      ctx(atOffsetMs),
    );
  const slotsOf = async (stationId: string) => h.stations.listSlots(stationId);
  const bank = async (id: string) => (await h.stations.findPowerBank(id))!;
  const openAlerts = async (stationId: string, type?: string) =>
    h.alerts.list({ stationId, status: 'open', ...(type ? { type } : {}) });

  /** A station whose slot 1 holds pb_<tag>1 and slot 2 holds pb_<tag>2 after a baseline inventory. */
  async function stocked(tag: string, slotCount = 4) {
    const stationId = await h.addStation(slotCount);
    await h.addBanks(`pb_${tag}1`, `pb_${tag}2`);
    await h.state.applyInventory(
      stationId,
      inventoryOf(slotCount, { 1: `pb_${tag}1`, 2: `pb_${tag}2` }),
      ctx(0),
    );
    return stationId;
  }

  it('hello stores the station facts, brings it online and applies its slots as a baseline', async () => {
    const stationId = await h.addStation(4);
    await h.addBanks('pb_h1');
    const hello: HelloMessage = {
      v: 1,
      id: 'h1',
      ts: '2026-01-15T10:00:00Z',
      bootId: 'boot-7',
      firmware: '2.1.0',
      hardware: 'CN-8',
      slotCount: 4,
      slots: inventoryOf(4, { 1: 'pb_h1' }, 100),
    };
    const report = await h.state.applyHello(stationId, hello, { ...ctx(0), clockOffsetMs: 1234 });
    expect(report).toMatchObject({ changed: true, slotsChanged: [1], findings: [] });
    const station = (await h.stations.findStation(stationId))!;
    expect(station).toMatchObject({
      firmware: '2.1.0',
      hardware: 'CN-8',
      clockOffsetMs: 1234,
      connectivity: 'online',
    });
    expect(station.lastInventoryAt).toBe(new Date(T).toISOString());
    expect((await slotsOf(stationId))[0]).toMatchObject({
      powerBankId: 'pb_h1',
      state: 'ready',
      batteryPct: 100,
    });
    expect(await bank('pb_h1')).toMatchObject({ location: 'slot', stationId, slot: 1, batteryPct: 100 });
    expect(h.eventsOf('fleet.station.connectivity_changed')).toContainEqual({
      stationId,
      online: true,
      at: new Date(T + 50).toISOString(),
    });
  });

  it('hello with more slots than provisioned adds the missing slots and notes it', async () => {
    const stationId = await h.addStation(2);
    const hello = {
      v: 1,
      id: 'h',
      ts: '',
      bootId: 'b',
      firmware: 'f',
      hardware: 'h',
      slotCount: 4,
      slots: inventoryOf(4, {}),
    } as const;
    await h.state.applyHello(
      stationId,
      { ...hello, slots: [...hello.slots] },
      { ...ctx(0), clockOffsetMs: 0 },
    );
    expect((await slotsOf(stationId)).map((s) => s.slot)).toEqual([1, 2, 3, 4]);
    expect((await h.stations.findStation(stationId))!.slotCount).toBe(4);
    expect(await openAlerts(stationId, 'SLOT_COUNT_CHANGED')).toHaveLength(1);
  });

  it('reconciles inventory drift, raising INVENTORY_DRIFT once; an identical inventory raises nothing new', async () => {
    const stationId = await stocked('d');
    await h.addBanks('pb_d9');
    const raisedBefore = h.eventsOf('fleet.alert.raised').length;
    const availabilityBefore = h.eventsOf('fleet.station.availability_changed').length;
    const drifted = inventoryOf(4, { 1: 'pb_d9', 2: 'pb_d2' });
    const report = await h.state.applyInventory(stationId, drifted, ctx(60_000));
    expect(report.changed).toBe(true);
    expect(report.findings.map((f) => f.kind).sort()).toEqual(['bank_missing', 'slot_drift']);
    expect((await slotsOf(stationId))[0]!.powerBankId).toBe('pb_d9');
    expect(await bank('pb_d9')).toMatchObject({ location: 'slot', stationId, slot: 1 });
    expect(await bank('pb_d1')).toMatchObject({ location: 'lost', stationId: null });
    const drift = await openAlerts(stationId, 'INVENTORY_DRIFT');
    expect(drift).toHaveLength(1);
    expect(drift[0]!.details).toMatchObject({
      slot: 1,
      before: { powerBankId: 'pb_d1' },
      after: { powerBankId: 'pb_d9' },
    });
    expect(h.eventsOf('fleet.alert.raised').length).toBe(raisedBefore + 1);
    expect(h.eventsOf('fleet.station.availability_changed').slice(availabilityBefore)).toContainEqual(
      expect.objectContaining({ stationId }),
    );

    const availabilityMid = h.eventsOf('fleet.station.availability_changed').length;
    const again = await h.state.applyInventory(stationId, drifted, ctx(120_000));
    expect(again).toMatchObject({ changed: false, findings: [] });
    expect(h.eventsOf('fleet.alert.raised').length).toBe(raisedBefore + 1);
    expect((await openAlerts(stationId, 'INVENTORY_DRIFT'))[0]!.occurrences).toBe(1);
    expect(h.eventsOf('fleet.station.availability_changed').length).toBe(availabilityMid);
  });

  it('shows an unregistered bank in its slot and raises BANK_UNKNOWN (inventory and event)', async () => {
    const stationId = await stocked('u');
    await h.state.applyInventory(
      stationId,
      inventoryOf(4, { 1: 'pb_u1', 2: 'pb_u2', 3: 'pb_ghost' }),
      ctx(60_000),
    );
    expect((await slotsOf(stationId))[2]!.powerBankId).toBe('pb_ghost');
    expect(await h.stations.findPowerBank('pb_ghost')).toBeUndefined();
    await event(
      stationId,
      { type: 'bank_inserted', slot: 4, powerBankId: 'pb_ghost2', batteryPct: 40, healthPct: 90, tempC: 20 },
      70_000,
    );
    const unknown = await openAlerts(stationId, 'BANK_UNKNOWN');
    expect(unknown.map((a) => a.powerBankId).sort()).toEqual(['pb_ghost', 'pb_ghost2']);
  });

  it('a late bank_removed@t1 delivered after bank_inserted@t2 leaves the bank in the slot, and is still emitted', async () => {
    const stationId = await stocked('o');
    const inserted = await event(
      stationId,
      { type: 'bank_inserted', slot: 3, powerBankId: 'pb_o1', batteryPct: 80, healthPct: 95, tempC: 21 },
      20_000,
    );
    expect(inserted.applied).toBe(true);
    const removed = await event(stationId, { type: 'bank_removed', slot: 3, powerBankId: 'pb_o1' }, 10_000);
    expect(removed.applied).toBe(false);
    expect((await slotsOf(stationId))[2]).toMatchObject({ powerBankId: 'pb_o1', state: 'charging' });
    expect(await bank('pb_o1')).toMatchObject({ location: 'slot', stationId, slot: 3 });
    expect(h.eventsOf('fleet.power_bank.removed')).toContainEqual(
      expect.objectContaining({
        stationId,
        slot: 3,
        powerBankId: 'pb_o1',
        at: new Date(T + 10_000).toISOString(),
      }),
    );
    // The old slot 1 was released when the bank turned up in slot 3.
    expect((await slotsOf(stationId))[0]).toMatchObject({ powerBankId: null, state: 'empty' });
  });

  it('a late inventory does not undo a newer event', async () => {
    const stationId = await stocked('l');
    await event(stationId, { type: 'bank_removed', slot: 1, powerBankId: 'pb_l1' }, 30_000);
    await h.state.applyInventory(stationId, inventoryOf(4, { 1: 'pb_l1', 2: 'pb_l2' }), ctx(20_000));
    expect((await slotsOf(stationId))[0]!.powerBankId).toBeNull();
    expect((await bank('pb_l1')).location).toBe('lost');
  });

  it('bank_removed after an eject goes to rental; without a command it is lost and alerted', async () => {
    const stationId = await stocked('r');
    const cmd = await h.commands.create({
      stationId,
      type: 'eject',
      params: { slot: 1, powerBankId: 'pb_r1' },
      requestedBy: 'rental:rnt_1',
      issuedAtMs: T,
      expiresAtMs: T + 20_000,
    });
    await event(stationId, { type: 'bank_removed', slot: 1, powerBankId: 'pb_r1', commandId: cmd.id }, 5_000);
    expect(await bank('pb_r1')).toMatchObject({ location: 'rental', stationId: null, slot: null });
    expect(h.eventsOf('fleet.power_bank.removed')).toContainEqual(
      expect.objectContaining({ powerBankId: 'pb_r1', commandId: cmd.id }),
    );
    expect(await openAlerts(stationId, 'BANK_REMOVED_WITHOUT_COMMAND')).toEqual([]);

    await event(
      stationId,
      { type: 'bank_removed', slot: 2, powerBankId: 'pb_r2', commandId: 'cmd_forged' },
      6_000,
    );
    expect((await bank('pb_r2')).location).toBe('lost');
    const [alert] = await openAlerts(stationId, 'BANK_REMOVED_WITHOUT_COMMAND');
    expect(alert).toMatchObject({ powerBankId: 'pb_r2', severity: 'critical', details: { slot: 2 } });
    expect((await slotsOf(stationId)).slice(0, 2).map((s) => s.state)).toEqual(['empty', 'empty']);
  });

  it('a return from rental counts a cycle; lost and blacklisted banks raise alerts when inserted', async () => {
    const stationId = await stocked('c');
    await h.addBanks({ id: 'pb_c_rent', cycleCount: 4 }, 'pb_c_lost', 'pb_c_black');
    await h.db
      .updateTable('fleet_power_banks')
      .set({ status: 'blacklisted' })
      .where('id', '=', 'pb_c_black')
      .execute();
    await h.db
      .updateTable('fleet_power_banks')
      .set({ location: 'rental' })
      .where('id', '=', 'pb_c_rent')
      .execute();
    await h.db
      .updateTable('fleet_power_banks')
      .set({ location: 'lost' })
      .where('id', '=', 'pb_c_lost')
      .execute();
    await event(
      stationId,
      { type: 'bank_inserted', slot: 3, powerBankId: 'pb_c_rent', batteryPct: 100, healthPct: 88, tempC: 20 },
      10_000,
    );
    expect(await bank('pb_c_rent')).toMatchObject({
      location: 'slot',
      slot: 3,
      cycleCount: 5,
      healthPct: 88,
      batteryPct: 100,
    });
    expect((await slotsOf(stationId))[2]!.state).toBe('ready');
    await event(stationId, { type: 'bank_removed', slot: 3, powerBankId: 'pb_c_rent' }, 11_000);
    await event(
      stationId,
      { type: 'bank_inserted', slot: 3, powerBankId: 'pb_c_lost', batteryPct: 30, healthPct: 90, tempC: 20 },
      12_000,
    );
    await event(
      stationId,
      { type: 'bank_inserted', slot: 4, powerBankId: 'pb_c_black', batteryPct: 30, healthPct: 90, tempC: 20 },
      13_000,
    );
    expect((await openAlerts(stationId, 'BANK_LOST_RETURNED')).map((a) => a.powerBankId)).toEqual([
      'pb_c_lost',
    ]);
    expect((await openAlerts(stationId, 'BANK_BLACKLISTED_INSERTED')).map((a) => a.powerBankId)).toEqual([
      'pb_c_black',
    ]);
    expect(h.eventsOf('fleet.power_bank.inserted')).toContainEqual(
      expect.objectContaining({ stationId, slot: 4, powerBankId: 'pb_c_black', batteryPct: 30 }),
    );
  });

  it('a retracted bank is back in its slot', async () => {
    const stationId = await stocked('t');
    await event(
      stationId,
      { type: 'bank_removed', slot: 1, powerBankId: 'pb_t1', commandId: 'cmd_x' },
      5_000,
    );
    await event(
      stationId,
      { type: 'bank_retracted', slot: 1, powerBankId: 'pb_t1', commandId: 'cmd_x' },
      6_000,
    );
    expect((await slotsOf(stationId))[0]).toMatchObject({ powerBankId: 'pb_t1', state: 'charging' });
    expect(await bank('pb_t1')).toMatchObject({ location: 'slot', stationId, slot: 1 });
    expect(h.eventsOf('fleet.power_bank.retracted')).toContainEqual(
      expect.objectContaining({ stationId, slot: 1, powerBankId: 'pb_t1', commandId: 'cmd_x' }),
    );
  });

  it('slot faults raise an alert that recovery resolves; mains changes open and resolve one too', async () => {
    const stationId = await stocked('f');
    await event(stationId, { type: 'slot_fault', slot: 2, code: 'MOTOR' }, 5_000);
    expect((await slotsOf(stationId))[1]).toMatchObject({
      state: 'fault',
      faults: ['MOTOR'],
      powerBankId: 'pb_f2',
    });
    expect(await openAlerts(stationId, 'SLOT_FAULT')).toHaveLength(1);
    await event(stationId, { type: 'slot_recovered', slot: 2 }, 6_000);
    expect((await slotsOf(stationId))[1]).toMatchObject({ state: 'charging', faults: [] });
    expect(await openAlerts(stationId, 'SLOT_FAULT')).toEqual([]);

    await event(stationId, { type: 'power_lost' }, 7_000);
    expect((await h.stations.findStation(stationId))!.mains).toBe(false);
    expect(await openAlerts(stationId, 'STATION_POWER_LOST')).toHaveLength(1);
    await event(stationId, { type: 'power_restored' }, 8_000);
    expect((await h.stations.findStation(stationId))!.mains).toBe(true);
    expect(await openAlerts(stationId, 'STATION_POWER_LOST')).toEqual([]);
  });

  it('every change bumps updated_at and emits availability_changed after commit', async () => {
    const stationId = await stocked('a');
    h.clock.advance(5_000);
    const before = h.eventsOf('fleet.station.availability_changed').length;
    await event(
      stationId,
      { type: 'bank_removed', slot: 2, powerBankId: 'pb_a2', commandId: 'cmd_y' },
      9_000,
    );
    expect((await h.stations.findStation(stationId))!.updatedAt).toBe(h.clock.now().toISOString());
    expect(h.eventsOf('fleet.station.availability_changed').slice(before)).toEqual([
      { stationId, at: h.clock.now().toISOString() },
    ]);
    h.clock.set(T);
  });

  it('a bank turning up in another station releases its old slot there', async () => {
    const a = await stocked('m');
    const b = await h.addStation(2);
    await event(
      b,
      { type: 'bank_inserted', slot: 1, powerBankId: 'pb_m1', batteryPct: 60, healthPct: 90, tempC: 20 },
      10_000,
    );
    expect((await slotsOf(a))[0]!.powerBankId).toBeNull();
    expect(await bank('pb_m1')).toMatchObject({ stationId: b, slot: 1 });
    const changed = h.eventsOf('fleet.station.availability_changed').map((e) => e.stationId);
    expect(changed).toEqual(expect.arrayContaining([a, b]));
  });

  it('rejects facts for a station that does not exist', async () => {
    await expect(h.state.applyInventory('stn_nope', [slotReport(1, null)], ctx(0))).rejects.toMatchObject({
      code: 'FLEET_STATION_NOT_FOUND',
    });
    // Events do not read the station row: a missing slot (or a mains change that matched nothing) checks.
    await h.addBanks('pb_nope');
    const before = await bank('pb_nope');
    for (const body of [
      { type: 'bank_removed', slot: 1, powerBankId: 'pb_nope' },
      { type: 'slot_fault', slot: 1, code: 'LOCK' },
      { type: 'power_lost' },
    ] as EventBody[]) {
      await expect(event('stn_nope', body, 0)).rejects.toMatchObject({ code: 'FLEET_STATION_NOT_FOUND' });
    }
    // Nothing the refused removal wrote survives it.
    expect(await bank('pb_nope')).toEqual(before);
  });

  it('connectivity changes emit events once; the offline sweep finds silent online stations', async () => {
    const stationId = await h.addStation(1);
    const before = h.events.length;
    expect(await h.state.setConnectivity(stationId, true, T + 1000)).toBe(true);
    expect(await h.state.setConnectivity(stationId, true, T + 2000)).toBe(false);
    const emitted = h.events
      .slice(before)
      .filter((e) => 'stationId' in e.payload && e.payload.stationId === stationId);
    expect(emitted.map((e) => e.type)).toEqual([
      'fleet.station.connectivity_changed',
      'fleet.station.availability_changed',
    ]);
    expect(emitted[0]!.payload).toEqual({ stationId, online: true, at: new Date(T + 1000).toISOString() });
    expect(await h.state.findOnlineNotSeenSince(T + 1000)).not.toContain(stationId);
    expect(await h.state.findOnlineNotSeenSince(T + 180_001)).toContain(stationId);
    expect(await h.state.setConnectivity(stationId, false, T + 181_000)).toBe(true);
    expect(await h.state.findOnlineNotSeenSince(T + 999_999)).not.toContain(stationId);
    expect((await h.stations.findStation(stationId))!.connectivity).toBe('offline');
  });
});

describe.each(testDialects())('station presence on %s', (dialect) => {
  let h: FleetStateHarness;
  const T = Date.parse('2026-01-15T10:00:00.000Z');

  beforeAll(async () => {
    h = await fleetStateHarness(dialect);
  });
  afterAll(() => h.drop());

  it('writes the coalesced heartbeats of 1,000 stations in one call, without touching updated_at', async () => {
    const siteId = (await h.stations.listSites())[0]!.id;
    const ids = Array.from({ length: 1000 }, (_, i) => `stn_p${String(i).padStart(4, '0')}`);
    const created = new Date(T - 60_000).toISOString();
    for (let i = 0; i < ids.length; i += 200) {
      await h.db
        .insertInto('fleet_stations')
        .values(
          ids.slice(i, i + 200).map((id, j) => ({
            id,
            site_id: siteId,
            code: `P${i + j}`,
            slot_count: 4,
            connectivity: 'online' as const,
            enabled: 1,
            firmware: null,
            hardware: null,
            boot_id: null,
            clock_offset_ms: 0,
            signal: 7,
            mains: 1,
            temp_c: null,
            last_seen_at: null,
            last_inventory_at: null,
            created_at: created,
            updated_at: created,
          })),
        )
        .execute();
    }
    const updates = ids.map((stationId, i) => ({
      stationId,
      lastSeenAtMs: T + i,
      clockOffsetMs: -2_000_000_000_000 + i, // a station clock reset to 1970 still fits
      signal: i % 32,
      mains: i % 2 === 0,
      tempC: 20.5,
    }));
    // The 7th station only sent a partial update: its other values must survive.
    updates[7] = { stationId: ids[7]!, lastSeenAtMs: T + 7 } as (typeof updates)[number];
    expect(await h.state.recordPresence(updates)).toBe(1000);

    const rows = await h.db
      .selectFrom('fleet_stations')
      .selectAll()
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(1000);
    expect(rows[999]).toMatchObject({
      last_seen_at: new Date(T + 999).toISOString(),
      signal: 999 % 32,
      updated_at: created,
    });
    expect(Number(rows[999]!.clock_offset_ms)).toBe(-2_000_000_000_000 + 999);
    expect(Number(rows[999]!.mains)).toBe(0);
    expect(Number(rows[998]!.temp_c)).toBe(20.5);
    expect(rows[7]).toMatchObject({
      last_seen_at: new Date(T + 7).toISOString(),
      signal: 7,
      updated_at: created,
    });
    expect(Number(rows[7]!.mains)).toBe(1);
    expect(rows.every((r) => r.updated_at === created)).toBe(true);
  });

  it('never moves last_seen_at backwards, and keeps the newest values of duplicates in a batch', async () => {
    const id = 'stn_p0001';
    await h.state.recordPresence([
      { stationId: id, lastSeenAtMs: T + 60_000, signal: 20 },
      { stationId: id, lastSeenAtMs: T + 50_000, signal: 10 },
    ]);
    let row = await h.db
      .selectFrom('fleet_stations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ last_seen_at: new Date(T + 60_000).toISOString(), signal: 20 });
    await h.state.recordPresence([{ stationId: id, lastSeenAtMs: T + 30_000 }]);
    row = await h.db.selectFrom('fleet_stations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBe(new Date(T + 60_000).toISOString());
    expect(await h.state.recordPresence([])).toBe(0);
  });
});
