import type { Clock } from '../../kernel/clock.js';
import type { Config } from '../../kernel/config.js';
import type { Database, Read } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { FleetEvents } from './fleet.events.js';
import { GeoIndex } from './availability.geo.js';
import { AvailabilityRepository, type RentableRule, type StationRow } from './availability.repository.js';
import type {
  AvailabilityChange,
  NearbyStation,
  NearQueryInput,
  SlotCounts,
  SlotDetail,
  StationAvailability,
} from './availability.types.js';

export interface AvailabilityDeps {
  database: Database;
  clock: Clock;
  config: Config;
  bus: EventBus<FleetEvents>;
  logger: Logger;
}

const NO_SLOTS: SlotCounts = {
  total: 0,
  rentable: 0,
  returnSlots: 0,
  occupiedNotRentable: 0,
  outOfService: 0,
};

/**
 * Polling re-reads stations updated this long before the watermark too: a transaction in another
 * process can commit an updated_at slightly older than one we have already seen.
 */
const WATERMARK_OVERLAP_MS = 5_000;

/** How long station reloads are gathered before one batch of reads (a rider hardly notices 25 ms). */
const RELOAD_BATCH_MS = 25;

/**
 * The availability read model: every station's site and slot counts in memory with a spatial index,
 * so "stations near me" never touches the database. Kept fresh by the bus event
 * 'fleet.station.availability_changed' (changes made in this process) and by polling
 * fleet_stations.updated_at (changes made by a gateway in another process). All reloads go through
 * one queue, so two reloads of a station never race.
 */
export class AvailabilityService {
  private readonly repo: AvailabilityRepository;
  private readonly rule: RentableRule;
  private readonly stations = new Map<string, StationAvailability>();
  private readonly byCode = new Map<string, string>();
  private readonly index = new GeoIndex<StationAvailability>();
  private readonly listeners = new Set<(change: AvailabilityChange) => void>();
  private readonly pending = new Set<string>();
  private draining: Promise<void> | undefined;
  private watermark = '';
  private started: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private polling = false;
  private changeVersion = 0;
  private changedAtMs: number;

  constructor(private readonly deps: AvailabilityDeps) {
    this.repo = new AvailabilityRepository(deps.database);
    this.rule = {
      minBatteryPct: deps.config.MIN_RENTABLE_BATTERY_PCT,
      minHealthPct: deps.config.MIN_RENTABLE_HEALTH_PCT,
    };
    this.changedAtMs = deps.clock.nowMs();
  }

  /** Loads the whole fleet, then follows changes (bus event + polling). Idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      // Subscribe first and load in the reload queue: an event arriving mid-load is applied after it.
      this.unsubscribe = this.deps.bus.on('fleet.station.availability_changed', ({ stationId }) =>
        this.enqueue([stationId]),
      );
      this.draining = this.loadAll().finally(() => this.afterDrain());
      try {
        await this.draining;
      } catch (err) {
        this.unsubscribe();
        this.started = undefined;
        throw err;
      }
      this.timer = setInterval(() => void this.refresh(), this.deps.config.AVAILABILITY_REFRESH_MS);
      this.timer.unref();
    })();
    return this.started;
  }

  /** Stops following changes; waits for a reload in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.timer = undefined;
    this.unsubscribe = undefined;
    this.started = undefined;
    this.listeners.clear();
    await this.settled();
  }

  /** One polling round: reloads the stations changed in the database since the last one. */
  async refresh(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const since = this.watermark
        ? new Date(Date.parse(this.watermark) - WATERMARK_OVERLAP_MS).toISOString()
        : '';
      const changed = await this.repo.changedSince(since);
      const stale = changed.filter((c) => this.stations.get(c.stationId)?.updatedAt !== c.updatedAt);
      if (stale.length > 0) this.enqueue(stale.map((c) => c.stationId));
      await this.settled();
    } catch (err) {
      this.deps.logger.error({ err }, 'availability refresh failed');
    } finally {
      this.polling = false;
    }
  }

  /** Resolves when every reload requested so far has been applied. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Visible stations within the radius, nearest first. */
  near(query: NearQueryInput): NearbyStation[] {
    const min = query.minRentable ?? 0;
    return this.index
      .near({
        lat: query.lat,
        lng: query.lng,
        radiusM: query.radiusM,
        limit: query.limit,
        filter: (s) => s.available && s.counts.rentable >= min,
      })
      .map((hit) => ({ station: hit.value, distanceM: hit.distanceM }));
  }

  get(stationId: string): StationAvailability | undefined {
    return this.stations.get(stationId);
  }

  getByCode(code: string): StationAvailability | undefined {
    const id = this.byCode.get(code);
    return id === undefined ? undefined : this.stations.get(id);
  }

  /** Every station, available or not, in id order (the GBFS feed publishes them all). */
  list(): StationAvailability[] {
    return [...this.stations.values()].sort((a, b) => (a.stationId < b.stationId ? -1 : 1));
  }

  /** Increases whenever any station's availability changes; lets feeds cache their output. */
  get version(): number {
    return this.changeVersion;
  }

  /** When the model last changed (platform clock). */
  get lastChangedMs(): number {
    return this.changedAtMs;
  }

  /** Subscribes to availability changes; returns the function that unsubscribes. */
  onChange(listener: (change: AvailabilityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every slot of a station with its power bank id, for operations. */
  slotDetails(stationId: string): Promise<SlotDetail[]> {
    return this.repo.listSlotDetails(stationId, this.rule);
  }

  /** slotDetails as a Read, to send together with other modules' reads. */
  slotDetailsRead(stationId: string): Read<SlotDetail[]> {
    return this.repo.slotDetailsRead(stationId, this.rule);
  }

  /** Throws when the database cannot be reached (readiness). */
  ping(): Promise<void> {
    return this.repo.ping();
  }

  private async loadAll(): Promise<void> {
    const [rows, counts] = await Promise.all([this.repo.loadStations(), this.repo.loadSlotCounts(this.rule)]);
    this.apply(rows, counts, false);
  }

  private enqueue(ids: string[]): void {
    for (const id of ids) this.pending.add(id);
    this.draining ??= this.drain().finally(() => this.afterDrain());
  }

  private afterDrain(): void {
    this.draining = undefined;
    if (this.pending.size > 0) this.enqueue([]);
  }

  private async drain(): Promise<void> {
    // Wait a moment so a burst of changes (one inventory, or many stations busy at once) becomes one
    // batch of reads: under load this turns one station reload per event into one per batch.
    await new Promise((resolve) => setTimeout(resolve, RELOAD_BATCH_MS));
    while (this.pending.size > 0) {
      const ids = [...this.pending];
      this.pending.clear();
      try {
        const [rows, counts] = await Promise.all([
          this.repo.loadStations(ids),
          this.repo.loadSlotCounts(this.rule, ids),
        ]);
        this.apply(rows, counts, true);
      } catch (err) {
        this.deps.logger.error({ err, stations: ids.length }, 'availability reload failed');
      }
    }
  }

  private apply(rows: StationRow[], counts: Map<string, SlotCounts>, notify: boolean): void {
    let changed = false;
    for (const row of rows) {
      if (row.updatedAt > this.watermark) this.watermark = row.updatedAt;
      const next: StationAvailability = {
        ...row,
        counts: counts.get(row.stationId) ?? NO_SLOTS,
        available: row.connectivity === 'online' && row.enabled,
      };
      const previous = this.stations.get(row.stationId);
      if (previous && !differs(previous, next)) {
        this.stations.set(row.stationId, next);
        this.index.upsert(row.stationId, next.site.lat, next.site.lng, next);
        continue;
      }
      changed = true;
      if (previous && previous.code !== next.code) this.byCode.delete(previous.code);
      this.stations.set(row.stationId, next);
      this.byCode.set(next.code, next.stationId);
      this.index.upsert(row.stationId, next.site.lat, next.site.lng, next);
      if (notify) this.notify({ station: next, ...(previous ? { previous } : {}) });
    }
    if (changed) {
      this.changeVersion++;
      this.changedAtMs = this.deps.clock.nowMs();
    }
  }

  private notify(change: AvailabilityChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.deps.logger.error({ err }, 'availability listener failed');
      }
    }
  }
}

/** Whether anything a rider, a feed or an operator reads from the model changed. */
function differs(a: StationAvailability, b: StationAvailability): boolean {
  return (
    a.available !== b.available ||
    a.connectivity !== b.connectivity ||
    a.enabled !== b.enabled ||
    a.code !== b.code ||
    a.slotCount !== b.slotCount ||
    a.lastSeenAt !== b.lastSeenAt ||
    JSON.stringify(a.counts) !== JSON.stringify(b.counts) ||
    JSON.stringify(a.site) !== JSON.stringify(b.site)
  );
}
