import type { Kysely } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import { affectedRows, type Database } from '../../kernel/db/index.js';
import type { FleetTables } from './fleet.tables.js';

// Thrown inside the transaction to roll the bank's move back when the slot turns out not to be free.
const NOT_STOCKED = new Error('slot or power bank not available for stocking');

/**
 * The few writes seeding needs beyond provisioning: finding demo rows again (so seeding twice adds
 * nothing) and stocking a new station's slots the way an installer does on the first day, so the
 * platform's records match what the station will report in its first inventory.
 */
export class SeedRepository {
  private readonly db: Kysely<FleetTables>;

  constructor(database: Database) {
    this.db = database.db as Kysely<FleetTables>;
  }

  /** True when at least one station is provisioned. */
  async hasStations(): Promise<boolean> {
    const row = await this.db.selectFrom('fleet_stations').select('id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** The id of the site with that name in that city, if any. */
  async findSiteId(name: string, city: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('fleet_sites')
      .select('id')
      .where('name', '=', name)
      .where('city', '=', city)
      .orderBy('id')
      .executeTakeFirst();
    return row?.id;
  }

  /** Station ids for the given QR codes, in no particular order; unknown codes are absent. */
  async findStationIdsByCode(codes: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < codes.length; i += 500) {
      const rows = await this.db
        .selectFrom('fleet_stations')
        .select(['id', 'code'])
        .where('code', 'in', codes.slice(i, i + 500))
        .execute();
      for (const row of rows) found.set(row.code, row.id);
    }
    return found;
  }

  /**
   * Puts a registered power bank that is in the warehouse into an empty slot. Returns false (and
   * changes nothing) when the slot is taken or the bank is elsewhere, so re-seeding never moves
   * power banks that real traffic has moved since.
   */
  async stockSlot(
    stationId: string,
    slot: number,
    bank: { id: string; batteryPct: number },
    nowMs: number,
  ): Promise<boolean> {
    const now = toIso(nowMs);
    try {
      await this.db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('fleet_power_banks')
          .set({
            location: 'slot',
            station_id: stationId,
            slot,
            battery_pct: bank.batteryPct,
            location_at: now,
            updated_at: now,
          })
          .where('id', '=', bank.id)
          .where('location', '=', 'warehouse')
          .executeTakeFirst();
        if (affectedRows(moved) !== 1) throw NOT_STOCKED;
        const filled = await trx
          .updateTable('fleet_station_slots')
          .set({
            power_bank_id: bank.id,
            state: bank.batteryPct >= 100 ? 'ready' : 'charging',
            battery_pct: bank.batteryPct,
            state_at: now,
            updated_at: now,
          })
          .where('station_id', '=', stationId)
          .where('slot', '=', slot)
          .where('power_bank_id', 'is', null)
          .where('state', '=', 'empty')
          .executeTakeFirst();
        if (affectedRows(filled) !== 1) throw NOT_STOCKED;
        await trx
          .updateTable('fleet_stations')
          .set({ updated_at: now })
          .where('id', '=', stationId)
          .execute();
      });
      return true;
    } catch (err) {
      if (err === NOT_STOCKED) return false;
      throw err;
    }
  }
}
