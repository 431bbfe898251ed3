import type { Kysely, QueryResult, Selectable } from 'kysely';
import { affectedRows, capabilitiesOf, type DialectName } from '../../kernel/db/index.js';
import { stationNotFound } from './fleet.errors.js';
import { prepare, prepareList } from './fleet.prepared.js';
import type {
  FleetTables,
  PowerBankTable,
  SlotState,
  StationSlotTable,
  StationTable,
} from './fleet.tables.js';
import type { StoredBank, StoredSlot } from './inventory.reconcile.js';

/**
 * Reads and guarded writes on stations, slots and power banks, always inside the caller's
 * transaction. "Guarded" = the write only lands if the fact is not older than what the row holds
 * (state_at / location_at), so late and out-of-order station messages never undo newer state.
 * Timestamps are fixed-width ISO text, so the comparisons are plain string comparisons on every dialect.
 */
type Db = Kysely<FleetTables>;
export type StationRow = Selectable<StationTable>;
export type SlotRow = Selectable<StationSlotTable>;
export type BankRow = Selectable<PowerBankTable>;

const CHUNK = 500;

/**
 * Takes the station's row lock (a no-op update, portable where SELECT … FOR UPDATE is not) so two
 * processes applying messages of one station serialise, then returns the row — read by the same
 * statement where the dialect has RETURNING.
 */
export async function lockStation(db: Db, dialect: DialectName, stationId: string): Promise<StationRow> {
  const capabilities = capabilitiesOf(dialect);
  let row: StationRow | undefined;
  if (capabilities.serializesWriters || !capabilities.supportsReturning) {
    if (!capabilities.serializesWriters) await lockStationRow(db, dialect, stationId);
    row = (await selectStation(db, stationId)).rows[0];
  } else {
    row = (await lockAndSelectStation(db, stationId)).rows[0];
  }
  if (!row) throw stationNotFound(stationId);
  return row;
}

/**
 * Takes the station's row lock without reading the row, for work that does not need it (events).
 * Returns whether the station exists, or undefined where no lock is needed (SQLite serialises every
 * writer) and existence was therefore not checked: call `requireStation` where it matters.
 */
export async function lockStationRow(
  db: Db,
  dialect: DialectName,
  stationId: string,
): Promise<boolean | undefined> {
  const lock = lockStationRowQuery(db, dialect, stationId);
  if (!lock) return undefined;
  // MySQL counts matched rows here (mysql2 connects with FOUND_ROWS), so an unchanged row still counts.
  return changedRows(await db.executeQuery(lock)) > 0;
}

/** lockStationRow's statement, unexecuted (undefined where no lock is needed), to send with reads after it. */
export function lockStationRowQuery(db: Db, dialect: DialectName, stationId: string) {
  return capabilitiesOf(dialect).serializesWriters ? undefined : lockStationStatement.query(db, stationId);
}

const noOpUpdate = (db: Db, stationId: string) =>
  db
    .updateTable('fleet_stations')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', stationId);
const lockStationStatement = prepare<[string], never>(1, (db, arg) => noOpUpdate(db, arg(0)));
const lockAndSelectStation = prepare<[string], StationRow>(1, (db, arg) =>
  noOpUpdate(db, arg(0)).returningAll(),
);
const selectStation = prepare<[string], StationRow>(1, (db, arg) =>
  db.selectFrom('fleet_stations').selectAll().where('id', '=', arg(0)),
);

/** Rows an UPDATE or INSERT run through executeQuery changed (matched, on MySQL), on every dialect. */
export function changedRows(result: QueryResult<unknown>): number {
  return Number(result.numAffectedRows ?? 0n);
}

/** Throws FLEET_STATION_NOT_FOUND unless the station exists. */
export async function requireStation(db: Db, stationId: string): Promise<void> {
  if ((await selectStationId(db, stationId)).rows.length === 0) throw stationNotFound(stationId);
}

const selectStationId = prepare<[string], { id: string }>(1, (db, arg) =>
  db.selectFrom('fleet_stations').select('id').where('id', '=', arg(0)),
);

const updateTouch = prepare<[string, string], never>(2, (db, arg) =>
  db
    .updateTable('fleet_stations')
    .set({ updated_at: arg(0) })
    .where('id', '=', arg(1)),
);

/** Marks that the station's availability changed; readers poll on updated_at. */
export async function touchStation(db: Db, stationId: string, now: string): Promise<void> {
  await updateTouch(db, now, stationId);
}

/** touchStation's update, unexecuted, for FleetUnit.atEnd. */
export function touchQuery(db: Db, stationId: string, now: string) {
  return updateTouch.query(db, now, stationId);
}

export function toStoredSlot(row: SlotRow): StoredSlot {
  return {
    slot: Number(row.slot),
    powerBankId: row.power_bank_id,
    state: row.state,
    batteryPct: row.battery_pct === null ? null : Number(row.battery_pct),
    faults: JSON.parse(row.faults) as string[],
    stateAtMs: Date.parse(row.state_at),
  };
}

export function toStoredBank(row: BankRow): StoredBank {
  return {
    id: row.id,
    location: row.location,
    stationId: row.station_id,
    slot: row.slot === null ? null : Number(row.slot),
    status: row.status,
    batteryPct: Number(row.battery_pct),
    locationAtMs: Date.parse(row.location_at),
  };
}

const selectSlots = prepare<[string], SlotRow>(1, (db, arg) =>
  db.selectFrom('fleet_station_slots').selectAll().where('station_id', '=', arg(0)).orderBy('slot'),
);

export async function loadSlots(db: Db, stationId: string): Promise<SlotRow[]> {
  return (await selectSlots(db, stationId)).rows;
}

const selectSlot = prepare<[string, number], SlotRow>(2, (db, arg) =>
  db
    .selectFrom('fleet_station_slots')
    .selectAll()
    .where('station_id', '=', arg(0))
    .where('slot', '=', arg(1)),
);

export async function loadSlot(db: Db, stationId: string, slot: number): Promise<SlotRow | undefined> {
  return (await selectSlot(db, stationId, slot)).rows[0];
}
export const slotQuery = selectSlot.query;

const selectBank = prepare<[string], BankRow>(1, (db, arg) =>
  db.selectFrom('fleet_power_banks').selectAll().where('id', '=', arg(0)),
);

export async function loadBank(db: Db, id: string): Promise<BankRow | undefined> {
  return (await selectBank(db, id)).rows[0];
}
export const bankQuery = selectBank.query;

/** The slots that record a bank (normally one), for releaseBankElsewhere. */
export const bankSlotsQuery = prepare<[string], SlotRow>(1, (db, arg) =>
  db.selectFrom('fleet_station_slots').selectAll().where('power_bank_id', '=', arg(0)),
).query;

/**
 * The registered banks among the ids plus those we record as sitting in this station. The first query
 * also takes the station's own banks, so an inventory of up to 500 banks costs one query.
 */
export async function loadBanksFor(db: Db, stationId: string, ids: string[]): Promise<BankRow[]> {
  if (ids.length === 0) return (await selectBanksHere(db, stationId)).rows;
  const rows = new Map<string, BankRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const found = i === 0 ? await selectBanksAmongOrHere(db, chunk, stationId) : await selectBanks(db, chunk);
    for (const row of found.rows) rows.set(row.id, row);
  }
  return [...rows.values()];
}

const banksHere = (db: Db, stationId: never) =>
  db
    .selectFrom('fleet_power_banks')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('location', '=', 'slot');
const selectBanksHere = prepare<[string], BankRow>(1, (db, arg) => banksHere(db, arg(0)));
const selectBanksAmongOrHere = prepareList<[string], BankRow>(1, (db, arg, ids) =>
  db
    .selectFrom('fleet_power_banks')
    .selectAll()
    .where((eb) =>
      eb.or([eb('id', 'in', ids), eb.and([eb('station_id', '=', arg(0)), eb('location', '=', 'slot')])]),
    ),
);
const selectBanks = prepareList<[], BankRow>(0, (db, _arg, ids) =>
  db.selectFrom('fleet_power_banks').selectAll().where('id', 'in', ids),
);

export interface SlotWrite {
  powerBankId: string | null;
  state: SlotState;
  batteryPct: number | null;
  faults: string[];
}

/** Writes a slot's content as of `at`, unless the row already holds a newer fact; true when written. */
export async function writeSlot(
  db: Db,
  stationId: string,
  slot: number,
  content: SlotWrite,
  at: string,
  now: string,
): Promise<boolean> {
  const result = await updateSlot(
    db,
    content.powerBankId,
    content.state,
    content.batteryPct,
    JSON.stringify(content.faults).slice(0, 400),
    at,
    now,
    stationId,
    slot,
  );
  return changedRows(result) > 0;
}

const updateSlot = prepare<
  [string | null, SlotState, number | null, string, string, string, string, number],
  never
>(8, (db, arg) =>
  db
    .updateTable('fleet_station_slots')
    .set({
      power_bank_id: arg(0),
      state: arg(1),
      battery_pct: arg(2),
      faults: arg(3),
      state_at: arg(4),
      updated_at: arg(5),
    })
    .where('station_id', '=', arg(6))
    .where('slot', '=', arg(7))
    .where('state_at', '<=', arg(4)),
);

/** Advances state_at of unchanged slots, so an older event arriving later cannot overwrite them. */
export async function confirmSlots(db: Db, stationId: string, slots: number[], at: string): Promise<void> {
  if (slots.length === 0) return;
  await updateSlotsConfirmed(db, slots, at, stationId);
}

const updateSlotsConfirmed = prepareList<[string, string], never>(2, (db, arg, slots) =>
  db
    .updateTable('fleet_station_slots')
    .set({ state_at: arg(0) })
    .where('station_id', '=', arg(1))
    .where('slot', 'in', slots)
    .where('state_at', '<', arg(0)),
);

/** Advances location_at of banks confirmed where we recorded them. */
export async function confirmBanks(db: Db, ids: string[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) await updateBanksConfirmed(db, ids.slice(i, i + CHUNK), at);
}

const updateBanksConfirmed = prepareList<[string], never>(1, (db, arg, ids) =>
  db
    .updateTable('fleet_power_banks')
    .set({ location_at: arg(0) })
    .where('id', 'in', ids)
    .where('location_at', '<', arg(0)),
);

export interface BankPlacement {
  batteryPct?: number;
  healthPct?: number;
  /** Count one more rental cycle (the bank came back from a rental) */
  addCycle?: boolean;
}

/** Puts a bank in a slot as of `at`, unless we hold a newer location fact; true when written. */
export async function placeBank(
  db: Db,
  id: string,
  stationId: string,
  slot: number,
  at: string,
  now: string,
  extra: BankPlacement = {},
): Promise<boolean> {
  const result = await db
    .updateTable('fleet_power_banks')
    .set((eb) => ({
      location: 'slot' as const,
      station_id: stationId,
      slot,
      location_at: at,
      updated_at: now,
      ...(extra.batteryPct === undefined ? {} : { battery_pct: extra.batteryPct }),
      ...(extra.healthPct === undefined ? {} : { health_pct: extra.healthPct }),
      ...(extra.addCycle ? { cycle_count: eb('cycle_count', '+', 1) } : {}),
    }))
    .where('id', '=', id)
    .where('location_at', '<=', at)
    .executeTakeFirst();
  return affectedRows(result) > 0;
}

/**
 * Takes a bank out of its slot (to a rental, or lost) as of `at`, unless we hold a newer location
 * fact. With `advance: false` location_at is kept: the move is an inference that any later fact may correct.
 */
export async function unplaceBank(
  db: Db,
  id: string,
  location: 'rental' | 'lost',
  at: string,
  now: string,
  onlyIfAt?: { stationId: string },
  advance = true,
): Promise<boolean> {
  let q = db
    .updateTable('fleet_power_banks')
    .set({
      location,
      station_id: null,
      slot: null,
      updated_at: now,
      ...(advance ? { location_at: at } : {}),
    })
    .where('id', '=', id)
    .where('location_at', '<=', at);
  if (onlyIfAt) q = q.where('location', '=', 'slot').where('station_id', '=', onlyIfAt.stationId);
  const result = await q.executeTakeFirst();
  return affectedRows(result) > 0;
}

/** Slot state after its bank changed: a faulted or disabled slot keeps that state. */
export function slotStateFor(current: SlotState, bankBatteryPct: number | null): SlotState {
  if (current === 'fault' || current === 'disabled') return current;
  if (bankBatteryPct === null) return 'empty';
  return bankBatteryPct >= 100 ? 'ready' : 'charging';
}

/**
 * Empties every other slot that still records this bank (it cannot be in two places), unless that
 * slot holds a newer fact. Returns the stations whose slots changed.
 */
export async function releaseBankElsewhere(
  db: Db,
  bankId: string,
  keep: { stationId: string; slot: number } | { stationId: string },
  at: string,
  now: string,
  /** The slots recording the bank, when the caller has read them already (bankSlotsQuery). */
  recorded?: SlotRow[],
): Promise<string[]> {
  const rows = recorded ?? ((await db.executeQuery(bankSlotsQuery(db, bankId))).rows as SlotRow[]);
  const touched = new Set<string>();
  for (const row of rows) {
    const kept = row.station_id === keep.stationId && (!('slot' in keep) || Number(row.slot) === keep.slot);
    if (kept || row.state_at > at) continue;
    const content = { powerBankId: null, state: slotStateFor(row.state, null), batteryPct: null };
    const faults = JSON.parse(row.faults) as string[];
    if (await writeSlot(db, row.station_id, Number(row.slot), { ...content, faults }, at, now)) {
      touched.add(row.station_id);
    }
  }
  return [...touched];
}
