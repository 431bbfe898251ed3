import { sql, type InferResult, type Kysely, type RawBuilder } from 'kysely';
import type { Database, Read } from '../../kernel/db/index.js';
import type { FleetTables, StationConnectivity } from './fleet.tables.js';
import type { OpeningHours } from './fleet.types.js';
import type { AvailabilitySite, SlotCounts, SlotDetail } from './availability.types.js';

/** The thresholds that make a power bank rentable (from config). */
export interface RentableRule {
  minBatteryPct: number;
  minHealthPct: number;
}

export interface StationRow {
  stationId: string;
  code: string;
  connectivity: StationConnectivity;
  enabled: boolean;
  slotCount: number;
  lastSeenAt: string | null;
  updatedAt: string;
  site: AvailabilitySite;
}

// Keeps every `where id in (…)` under the bound-parameter limits of all three dialects.
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Set-based reads behind the availability read model: the whole fleet (or a batch of changed
 * stations) in two queries, never one query per station.
 */
export class AvailabilityRepository {
  private readonly db: Kysely<FleetTables>;

  constructor(database: Database) {
    this.db = database.db as Kysely<FleetTables>;
  }

  /**
   * 1 when the slot's power bank can be rented now. The single definition of "rentable", used both
   * per slot (ops detail) and summed per station (rider counts).
   */
  private rentable(rule: RentableRule): RawBuilder<number> {
    return sql<number>`case when s.state in ('charging', 'ready') and s.faults = '[]'
      and pb.id is not null and pb.status = 'active'
      and coalesce(s.battery_pct, pb.battery_pct) >= ${rule.minBatteryPct}
      and pb.health_pct >= ${rule.minHealthPct} then 1 else 0 end`;
  }

  /** 1 when a rider can return a power bank into the slot: empty, not faulted, not disabled. */
  private returnable(): RawBuilder<number> {
    return sql<number>`case when s.state = 'empty' and s.power_bank_id is null
      and s.faults = '[]' then 1 else 0 end`;
  }

  /** Stations with their sites; all of them, or the given ids. */
  async loadStations(ids?: string[]): Promise<StationRow[]> {
    const batches = ids ? chunks(ids) : [undefined];
    const out: StationRow[] = [];
    for (const batch of batches) {
      if (batch?.length === 0) continue;
      let q = this.db
        .selectFrom('fleet_stations as st')
        .innerJoin('fleet_sites as si', 'si.id', 'st.site_id')
        .select([
          'st.id as station_id',
          'st.code',
          'st.connectivity',
          'st.enabled',
          'st.slot_count',
          'st.last_seen_at',
          'st.updated_at',
          'si.id as site_id',
          'si.name',
          'si.address',
          'si.city',
          'si.country',
          'si.time_zone',
          'si.lat',
          'si.lng',
          'si.opening_hours',
        ]);
      if (batch) q = q.where('st.id', 'in', batch);
      for (const r of await q.execute()) {
        out.push({
          stationId: r.station_id,
          code: r.code,
          connectivity: r.connectivity,
          enabled: Number(r.enabled) === 1,
          slotCount: Number(r.slot_count),
          lastSeenAt: r.last_seen_at,
          updatedAt: r.updated_at,
          site: {
            id: r.site_id,
            name: r.name,
            address: r.address,
            city: r.city,
            country: r.country,
            timeZone: r.time_zone,
            lat: Number(r.lat),
            lng: Number(r.lng),
            openingHours: r.opening_hours ? (JSON.parse(r.opening_hours) as OpeningHours) : null,
          },
        });
      }
    }
    return out;
  }

  /** Slot counts per station; all stations, or the given ids. Stations without slots are absent. */
  async loadSlotCounts(rule: RentableRule, ids?: string[]): Promise<Map<string, SlotCounts>> {
    const batches = ids ? chunks(ids) : [undefined];
    const out = new Map<string, SlotCounts>();
    const rentable = this.rentable(rule);
    for (const batch of batches) {
      if (batch?.length === 0) continue;
      let q = this.db
        .selectFrom('fleet_station_slots as s')
        .leftJoin('fleet_power_banks as pb', 'pb.id', 's.power_bank_id')
        .select([
          's.station_id',
          sql<number>`count(*)`.as('total'),
          sql<number>`sum(${rentable})`.as('rentable'),
          sql<number>`sum(${this.returnable()})`.as('return_slots'),
          sql<number>`sum(case when s.power_bank_id is not null then 1 else 0 end)`.as('occupied'),
          sql<number>`sum(case when s.state in ('fault', 'disabled') then 1 else 0 end)`.as('out_of_service'),
        ])
        .groupBy('s.station_id');
      if (batch) q = q.where('s.station_id', 'in', batch);
      for (const r of await q.execute()) {
        const rentableCount = Number(r.rentable ?? 0);
        out.set(r.station_id, {
          total: Number(r.total),
          rentable: rentableCount,
          returnSlots: Number(r.return_slots ?? 0),
          occupiedNotRentable: Number(r.occupied ?? 0) - rentableCount,
          outOfService: Number(r.out_of_service ?? 0),
        });
      }
    }
    return out;
  }

  /** Stations whose updated_at is after the watermark, for polling changes made by other processes. */
  async changedSince(watermark: string): Promise<{ stationId: string; updatedAt: string }[]> {
    const rows = await this.db
      .selectFrom('fleet_stations')
      .select(['id', 'updated_at'])
      .where('updated_at', '>', watermark)
      .execute();
    return rows.map((r) => ({ stationId: r.id, updatedAt: r.updated_at }));
  }

  /** Every slot of a station with its power bank, for operations. */
  async listSlotDetails(stationId: string, rule: RentableRule): Promise<SlotDetail[]> {
    const read = this.slotDetailsRead(stationId, rule);
    return read.answer((await this.db.executeQuery(read.query)).rows);
  }

  /** listSlotDetails as a Read, to send together with other modules' reads. */
  slotDetailsRead(stationId: string, rule: RentableRule): Read<SlotDetail[]> {
    const query = this.db
      .selectFrom('fleet_station_slots as s')
      .leftJoin('fleet_power_banks as pb', 'pb.id', 's.power_bank_id')
      .select([
        's.slot',
        's.state',
        's.power_bank_id',
        's.battery_pct',
        's.faults',
        's.state_at',
        'pb.health_pct',
        'pb.status',
        this.rentable(rule).as('rentable'),
        this.returnable().as('returnable'),
      ])
      .where('s.station_id', '=', stationId)
      .orderBy('s.slot');
    type Row = InferResult<typeof query>[number];
    return {
      query,
      answer: (rows) =>
        (rows as Row[]).map((r) => ({
          slot: Number(r.slot),
          state: r.state,
          powerBankId: r.power_bank_id,
          batteryPct: r.battery_pct === null ? null : Number(r.battery_pct),
          healthPct: r.health_pct === null ? null : Number(r.health_pct),
          powerBankStatus: r.status,
          faults: JSON.parse(r.faults) as string[],
          rentable: Number(r.rentable) === 1,
          returnable: Number(r.returnable) === 1,
          stateAt: r.state_at,
        })),
    };
  }

  /** Throws when the database cannot be reached. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
