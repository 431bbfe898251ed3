import type { Kysely, QueryResult } from 'kysely';
import type { StationEvent } from '../../gateway/protocol/messages.js';
import type { TogetherQuery } from '../../kernel/db/index.js';
import { prepare } from './fleet.prepared.js';
import type { FleetTables } from './fleet.tables.js';
import { bankQuery, bankSlotsQuery, slotQuery, type BankRow, type SlotRow } from './station-state.store.js';

/**
 * What a bank event reads before it decides anything, read up front: with the station's lock in one
 * round trip on PostgreSQL (station-state.service.ts). The event handlers read for themselves what is
 * not here.
 */
export interface EventReads {
  slot: SlotRow | undefined;
  bank?: BankRow | undefined;
  /** Slots that record the inserted bank (releaseBankElsewhere). */
  bankSlots?: SlotRow[];
  /** The eject a removal names, when it is this station's. */
  command?: { id: string } | undefined;
}

const ejectOfStation = prepare<[string, string], { id: string }>(2, (db, arg) =>
  db
    .selectFrom('fleet_station_commands')
    .select('id')
    .where('id', '=', arg(0))
    .where('station_id', '=', arg(1))
    .where('type', '=', 'eject'),
);

/** The eject command of this station a bank_removed names, if any. */
export async function loadEjectOfStation(
  db: Kysely<FleetTables>,
  commandId: string,
  stationId: string,
): Promise<{ id: string } | undefined> {
  return (await ejectOfStation(db, commandId, stationId)).rows[0];
}

/** The reads of a bank event (undefined for other events), and how their answers become EventReads. */
export function eventReads(
  db: Kysely<FleetTables>,
  stationId: string,
  event: StationEvent,
): { queries: TogetherQuery[]; answer(results: QueryResult<unknown>[]): EventReads } | undefined {
  if (event.type === 'bank_inserted') {
    return {
      queries: [
        slotQuery(db, stationId, event.slot),
        bankQuery(db, event.powerBankId),
        bankSlotsQuery(db, event.powerBankId),
      ],
      answer: ([slot, bank, bankSlots]) => ({
        slot: slot!.rows[0] as SlotRow | undefined,
        bank: bank!.rows[0] as BankRow | undefined,
        bankSlots: bankSlots!.rows as SlotRow[],
      }),
    };
  }
  if (event.type === 'bank_removed') {
    const commandId = event.commandId;
    return {
      queries: [
        slotQuery(db, stationId, event.slot),
        ...(commandId ? [ejectOfStation.query(db, commandId, stationId)] : []),
      ],
      answer: ([slot, command]) => ({
        slot: slot!.rows[0] as SlotRow | undefined,
        command: command?.rows[0] as { id: string } | undefined,
      }),
    };
  }
  return undefined;
}
