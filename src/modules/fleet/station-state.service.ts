import { sql, type Kysely } from 'kysely';
import type { HelloMessage, SlotReport, StationEvent } from '../../gateway/protocol/messages.js';
import { toIso, type Clock } from '../../kernel/clock.js';
import { affectedRows, updateManyByKey, type Database, type KeyedColumn } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { AlertsService } from './alerts.service.js';
import type { FleetEvents } from './fleet.events.js';
import type { FleetTables } from './fleet.tables.js';
import { inUnit, type FleetUnit } from './fleet.unit-of-work.js';
import type { Finding } from './inventory.reconcile.js';
import { applyInventoryIn, type ReconciliationReport } from './station-inventory.apply.js';
import { applyStationEvent, type EventScope } from './station-events.apply.js';
import { eventReads } from './station-events.reads.js';
import {
  changedRows,
  lockStation,
  lockStationRowQuery,
  requireStation,
  touchQuery,
} from './station-state.store.js';
import { stationNotFound } from './fleet.errors.js';

export type { ReconciliationReport, Finding };

/** When a station fact happened (its `ts`, corrected for drift and clamped by the gateway) and when we got it. */
export interface ApplyContext {
  stationAtMs: number;
  receivedAtMs: number;
}

export interface HelloContext extends ApplyContext {
  /** Station clock minus platform clock, as the gateway learnt it */
  clockOffsetMs: number;
}

/** The latest heartbeat values of one station, coalesced by the gateway. */
export interface PresenceUpdate {
  stationId: string;
  lastSeenAtMs: number;
  clockOffsetMs?: number;
  signal?: number;
  mains?: boolean;
  tempC?: number;
}

export interface EventOutcome {
  /** False when we already held a newer fact: no state changed, but the event was still emitted */
  applied: boolean;
}

export interface StationStateDeps {
  database: Database;
  clock: Clock;
  bus: EventBus<FleetEvents>;
  logger: Logger;
  alerts: AlertsService;
}

const PRESENCE_CHUNK = 500;

/** What a presence flush writes per station; last_seen_at never moves backwards, the rest keep their value when not reported. */
const PRESENCE_COLUMNS: KeyedColumn[] = [
  {
    name: 'last_seen_at',
    type: 'text',
    combine: (current, incoming) =>
      sql`case when ${current} is not null and ${current} > ${incoming} then ${current} else ${incoming} end`,
  },
  { name: 'clock_offset_ms', type: 'bigint' },
  { name: 'signal', type: 'integer' },
  { name: 'mains', type: 'integer' },
  { name: 'temp_c', type: 'double precision' },
];
const KNOWN_STATIONS_MAX = 200_000;

/**
 * Applies validated station facts (hello, inventory, events, presence, connectivity) to the fleet's
 * records. The gateway parses, validates, de-duplicates and corrects clocks; this service decides
 * what the facts mean. All writes of one message share one transaction, which first takes the
 * station's row lock; events are emitted after commit.
 */
export class StationStateService {
  private readonly db: Kysely<FleetTables>;
  private readonly knownStations = new Set<string>();

  constructor(private readonly deps: StationStateDeps) {
    this.db = deps.database.db as Kysely<FleetTables>;
  }

  /**
   * A station (re)connected: stores firmware, hardware, boot id, clock offset, marks it online, grows
   * or shrinks its slots to the reported count, then applies the hello's slots as an inventory.
   */
  async applyHello(
    stationId: string,
    msg: HelloMessage,
    ctx: HelloContext,
    joined?: FleetUnit,
  ): Promise<ReconciliationReport> {
    return this.unit(async (unit) => {
      const station = await lockStation(unit.db, this.deps.database.dialect, stationId);
      const now = this.now();
      const seen = toIso(ctx.receivedAtMs);
      let changed = false;
      if (station.connectivity !== 'online') {
        unit.emit('fleet.station.connectivity_changed', { stationId, online: true, at: seen });
        changed = true;
      }
      if (Number(station.slot_count) !== msg.slotCount) {
        await this.resizeSlots(unit, stationId, Number(station.slot_count), msg.slotCount, now);
        changed = true;
      }
      // The station's own columns are written once, with the inventory's (applyInventoryIn).
      const facts = {
        firmware: msg.firmware,
        hardware: msg.hardware,
        boot_id: msg.bootId,
        clock_offset_ms: Math.round(ctx.clockOffsetMs),
        connectivity: 'online' as const,
        last_seen_at: station.last_seen_at && station.last_seen_at > seen ? station.last_seen_at : seen,
      };
      const report = await applyInventoryIn(this.scope(unit, stationId, ctx, true), station, msg.slots, {
        set: facts,
        changed,
      });
      return { ...report, changed: report.changed || changed };
    }, joined);
  }

  /**
   * Reconciles our records with a station's inventory (the truth for which slot holds which bank),
   * skipping slots and banks for which we hold newer facts; raises alerts for drift and for unknown,
   * lost, blacklisted or unexpected banks. With `joined`, writes in the caller's unit.
   */
  async applyInventory(
    stationId: string,
    slots: SlotReport[],
    ctx: ApplyContext,
    joined?: FleetUnit,
  ): Promise<ReconciliationReport> {
    return this.unit(async (unit) => {
      const station = await lockStation(unit.db, this.deps.database.dialect, stationId);
      return applyInventoryIn(this.scope(unit, stationId, ctx, true), station, slots);
    }, joined);
  }

  /**
   * Applies one station event (bank inserted/removed/retracted, slot fault/recovery, mains power). With
   * `joined`, writes in the caller's unit. The station row is locked but not read: events do not need it.
   */
  async applyEvent(
    stationId: string,
    event: StationEvent,
    ctx: ApplyContext,
    joined?: FleetUnit,
  ): Promise<EventOutcome> {
    return this.unit(async (unit) => {
      const { database } = this.deps;
      // The lock and what a bank event reads go together (in this order: the reads wait for the lock).
      const lock = lockStationRowQuery(unit.db, database.dialect, stationId);
      const reads = eventReads(unit.db, stationId, event);
      const results = await database.executeTogether(unit.db, [
        ...(lock ? [lock] : []),
        ...(reads?.queries ?? []),
      ]);
      const exists = lock ? changedRows(results[0]!) > 0 : undefined;
      if (exists === false) throw stationNotFound(stationId);
      const scope = this.scope(unit, stationId, ctx, exists === true);
      const effect = await applyStationEvent(scope, event, reads?.answer(results.slice(lock ? 1 : 0)));
      for (const changed of effect.changedStations) {
        unit.atEnd(touchQuery(unit.db, changed, scope.now));
        unit.emit('fleet.station.availability_changed', { stationId: changed, at: scope.now });
      }
      return { applied: effect.applied };
    }, joined);
  }

  /**
   * Writes coalesced heartbeat values for many stations: one UPDATE per chunk of 500 stations, all in
   * one transaction. last_seen_at never moves backwards. Does not bump updated_at: availability did not
   * change. Returns the number of stations updated.
   */
  async recordPresence(updates: PresenceUpdate[]): Promise<number> {
    const latest = new Map<string, PresenceUpdate>();
    for (const u of updates) {
      const prev = latest.get(u.stationId);
      if (!prev) latest.set(u.stationId, u);
      else if (prev.lastSeenAtMs <= u.lastSeenAtMs) latest.set(u.stationId, { ...prev, ...u });
      else latest.set(u.stationId, { ...u, ...prev });
    }
    const all = [...latest.values()];
    if (all.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      let total = 0;
      for (let i = 0; i < all.length; i += PRESENCE_CHUNK) {
        total += await this.writePresence(trx, all.slice(i, i + PRESENCE_CHUNK));
      }
      return total;
    });
  }

  /**
   * Sets a station online or offline; true when that changed, in which case updated_at is bumped and
   * connectivity_changed and availability_changed are emitted. Going online also counts as being seen,
   * so the next offline sweep does not flip it straight back.
   */
  async setConnectivity(stationId: string, online: boolean, atMs: number): Promise<boolean> {
    const target = online ? 'online' : 'offline';
    const at = toIso(atMs);
    return this.unit(async (unit) => {
      const now = this.now();
      const result = await unit.db
        .updateTable('fleet_stations')
        .set({
          connectivity: target,
          updated_at: now,
          ...(online
            ? {
                last_seen_at: sql<string>`case when last_seen_at is not null and last_seen_at > ${at} then last_seen_at else ${at} end`,
              }
            : {}),
        })
        .where('id', '=', stationId)
        .where('connectivity', '!=', target)
        .executeTakeFirst();
      const changed = affectedRows(result) > 0;
      if (changed) {
        unit.emit('fleet.station.connectivity_changed', { stationId, online, at });
        unit.emit('fleet.station.availability_changed', { stationId, at: now });
      }
      return changed;
    });
  }

  /**
   * Marks a power bank that is out on a rental as lost (a rental that became a purchase). Only a bank
   * still out moves: if it was returned meanwhile, the newer fact stands. True when it moved.
   */
  async markRentedBankLost(powerBankId: string, atMs: number): Promise<boolean> {
    const at = toIso(atMs);
    const result = await this.db
      .updateTable('fleet_power_banks')
      .set({ location: 'lost', station_id: null, slot: null, location_at: at, updated_at: this.now() })
      .where('id', '=', powerBankId)
      .where('location', '=', 'rental')
      .where('location_at', '<=', at)
      .executeTakeFirst();
    return affectedRows(result) > 0;
  }

  /** Ids of stations marked online whose last message is older than the cutoff (the offline sweep). */
  async findOnlineNotSeenSince(cutoffMs: number): Promise<string[]> {
    const cutoff = toIso(cutoffMs);
    const rows = await this.db
      .selectFrom('fleet_stations')
      .select('id')
      .where('connectivity', '=', 'online')
      .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', cutoff)]))
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  private async writePresence(trx: Kysely<FleetTables>, chunk: PresenceUpdate[]): Promise<number> {
    const rows = chunk.map((u) => [
      u.stationId,
      toIso(u.lastSeenAtMs),
      u.clockOffsetMs === undefined ? undefined : Math.round(u.clockOffsetMs),
      u.signal,
      u.mains === undefined ? undefined : u.mains ? 1 : 0,
      u.tempC,
    ]);
    const result = await updateManyByKey(
      this.deps.database.dialect,
      'fleet_stations',
      { name: 'id', type: 'text' },
      PRESENCE_COLUMNS,
      rows,
    ).execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  }

  private async resizeSlots(
    unit: FleetUnit,
    stationId: string,
    from: number,
    to: number,
    now: string,
  ): Promise<void> {
    if (to > from) {
      // Slots above `from` may survive from an earlier, larger count: re-enable those, add the rest.
      const existing = await unit.db
        .selectFrom('fleet_station_slots')
        .select('slot')
        .where('station_id', '=', stationId)
        .where('slot', '>', from)
        .execute();
      const have = new Set(existing.map((r) => Number(r.slot)));
      if (have.size > 0) {
        await unit.db
          .updateTable('fleet_station_slots')
          .set({ state: 'empty', updated_at: now })
          .where('station_id', '=', stationId)
          .where('slot', '>', from)
          .where('slot', '<=', to)
          .execute();
      }
      const rows = Array.from({ length: to - from }, (_, i) => from + i + 1)
        .filter((slot) => !have.has(slot))
        .map((slot) => ({
          station_id: stationId,
          slot,
          power_bank_id: null,
          state: 'empty' as const,
          battery_pct: null,
          faults: '[]',
          state_at: toIso(0),
          updated_at: now,
        }));
      if (rows.length > 0) await unit.db.insertInto('fleet_station_slots').values(rows).execute();
    } else {
      // Slots the hardware no longer reports are kept (history) but disabled, so they count for nothing.
      await unit.db
        .updateTable('fleet_station_slots')
        .set({ state: 'disabled', power_bank_id: null, battery_pct: null, updated_at: now })
        .where('station_id', '=', stationId)
        .where('slot', '>', to)
        .execute();
    }
    await unit.db.updateTable('fleet_stations').set({ slot_count: to }).where('id', '=', stationId).execute();
    await this.deps.alerts.raise(
      {
        type: 'SLOT_COUNT_CHANGED',
        severity: 'info',
        stationId,
        message: `Station reports ${to} slots; it was provisioned with ${from}`,
        details: { from, to },
        key: `SLOT_COUNT_CHANGED:${stationId}`,
      },
      unit,
    );
  }

  private scope(unit: FleetUnit, stationId: string, ctx: ApplyContext, stationKnown: boolean): EventScope {
    return {
      unit,
      stationId,
      at: toIso(ctx.stationAtMs),
      receivedAt: toIso(ctx.receivedAtMs),
      now: this.now(),
      alerts: this.deps.alerts,
      logger: this.deps.logger,
      requireStation: stationKnown ? async () => undefined : () => this.requireStation(unit, stationId),
    };
  }

  /**
   * Existence checks for events on SQLite (no lock statement to learn it from). Stations are never
   * deleted, so a station seen once stays known: a station's steady stream of mains events, for one,
   * costs no station read. Bounded like the gateway's station directory.
   */
  private async requireStation(unit: FleetUnit, stationId: string): Promise<void> {
    if (this.knownStations.has(stationId)) return;
    await requireStation(unit.db, stationId);
    if (this.knownStations.size >= KNOWN_STATIONS_MAX) this.knownStations.clear();
    this.knownStations.add(stationId);
  }

  private now(): string {
    return toIso(this.deps.clock.nowMs());
  }

  /** Runs fn in the caller's unit when one is given (the gateway's, holding the dedup key), else in a new one. */
  private unit<T>(fn: (unit: FleetUnit) => Promise<T>, joined?: FleetUnit): Promise<T> {
    return joined ? fn(joined) : inUnit(this.deps.database, this.deps.bus, fn);
  }
}
