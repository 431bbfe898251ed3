import type { Kysely, Selectable, Transaction } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import type { Database, DialectName, Read } from '../../kernel/db/index.js';
import type { FleetTables, SlotState, StationTable } from './fleet.tables.js';
import { toPowerBank, toSite, toSlot, toStation } from './fleet.mappers.js';
import type { NewPowerBank, PowerBank, Site, Slot, Station } from './fleet.types.js';

/** Sites, stations, slots, credentials and power banks: the fleet's registry. */
export class StationsRepository {
  readonly db: Kysely<FleetTables>;
  readonly dialect: DialectName;

  constructor(database: Database) {
    this.db = database.db as Kysely<FleetTables>;
    this.dialect = database.dialect;
  }

  transaction<T>(fn: (trx: Transaction<FleetTables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insertSite(site: Site, nowMs: number, db: Kysely<FleetTables> = this.db): Promise<void> {
    const now = toIso(nowMs);
    await db
      .insertInto('fleet_sites')
      .values({
        id: site.id,
        name: site.name,
        address: site.address,
        city: site.city,
        country: site.country,
        time_zone: site.timeZone,
        lat: site.lat,
        lng: site.lng,
        opening_hours: site.openingHours ? JSON.stringify(site.openingHours) : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async findSite(id: string): Promise<Site | undefined> {
    const row = await this.db.selectFrom('fleet_sites').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSite(row);
  }

  async listSites(): Promise<Site[]> {
    const rows = await this.db.selectFrom('fleet_sites').selectAll().orderBy('id').execute();
    return rows.map(toSite);
  }

  /** Inserts a station, its credential hash and its empty slots in the caller's transaction. */
  async insertStation(
    trx: Kysely<FleetTables>,
    station: { id: string; siteId: string; code: string; slotCount: number },
    secretHash: string,
    nowMs: number,
  ): Promise<void> {
    const now = toIso(nowMs);
    await trx
      .insertInto('fleet_stations')
      .values({
        id: station.id,
        site_id: station.siteId,
        code: station.code,
        slot_count: station.slotCount,
        connectivity: 'provisioned',
        enabled: 1,
        firmware: null,
        hardware: null,
        boot_id: null,
        clock_offset_ms: 0,
        signal: null,
        mains: null,
        temp_c: null,
        last_seen_at: null,
        last_inventory_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('fleet_station_credentials')
      .values({ station_id: station.id, secret_hash: secretHash, created_at: now })
      .execute();
    const slots = Array.from({ length: station.slotCount }, (_, i) => ({
      station_id: station.id,
      slot: i + 1,
      power_bank_id: null,
      state: 'empty' as SlotState,
      battery_pct: null,
      faults: '[]',
      state_at: now,
      updated_at: now,
    }));
    if (slots.length > 0) await trx.insertInto('fleet_station_slots').values(slots).execute();
  }

  async findStation(id: string): Promise<Station | undefined> {
    const row = await this.db
      .selectFrom('fleet_stations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toStation(row);
  }

  /** findStation as a Read, to send together with other modules' reads. */
  stationRead(id: string): Read<Station | undefined> {
    return {
      query: this.db.selectFrom('fleet_stations').selectAll().where('id', '=', id),
      answer: (rows) => {
        const row = rows[0] as Selectable<StationTable> | undefined;
        return row && toStation(row);
      },
    };
  }

  async findStationByCode(code: string): Promise<Station | undefined> {
    const row = await this.db
      .selectFrom('fleet_stations')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
    return row && toStation(row);
  }

  async listStations(siteId?: string): Promise<Station[]> {
    let q = this.db.selectFrom('fleet_stations').selectAll().orderBy('id');
    if (siteId) q = q.where('site_id', '=', siteId);
    return (await q.execute()).map(toStation);
  }

  async findSecretHash(stationId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('fleet_station_credentials')
      .select('secret_hash')
      .where('station_id', '=', stationId)
      .executeTakeFirst();
    return row?.secret_hash;
  }

  async replaceSecretHash(stationId: string, secretHash: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable('fleet_station_credentials')
      .set({ secret_hash: secretHash, created_at: toIso(nowMs) })
      .where('station_id', '=', stationId)
      .execute();
  }

  async listSlots(stationId: string): Promise<Slot[]> {
    const rows = await this.db
      .selectFrom('fleet_station_slots')
      .selectAll()
      .where('station_id', '=', stationId)
      .orderBy('slot')
      .execute();
    return rows.map(toSlot);
  }

  async insertPowerBanks(
    banks: NewPowerBank[],
    nowMs: number,
    db: Kysely<FleetTables> = this.db,
  ): Promise<void> {
    if (banks.length === 0) return;
    const now = toIso(nowMs);
    await db
      .insertInto('fleet_power_banks')
      .values(
        banks.map((b) => ({
          id: b.id,
          capacity_mah: b.capacityMah ?? 5000,
          battery_pct: b.batteryPct ?? 0,
          health_pct: b.healthPct ?? 100,
          cycle_count: b.cycleCount ?? 0,
          location: 'warehouse' as const,
          station_id: null,
          slot: null,
          status: b.status ?? 'active',
          location_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }

  async findPowerBank(id: string): Promise<PowerBank | undefined> {
    const row = await this.db
      .selectFrom('fleet_power_banks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toPowerBank(row);
  }

  async findExistingPowerBankIds(ids: string[]): Promise<string[]> {
    const found: string[] = [];
    // Chunked so a large CSV import stays under every dialect's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('fleet_power_banks')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      found.push(...rows.map((r) => r.id));
    }
    return found;
  }

  async listPowerBanks(stationId?: string): Promise<PowerBank[]> {
    let q = this.db.selectFrom('fleet_power_banks').selectAll().orderBy('id');
    if (stationId) q = q.where('station_id', '=', stationId);
    return (await q.execute()).map(toPowerBank);
  }
}
