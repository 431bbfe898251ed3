import type { StationsRepository } from '../../modules/fleet/index.js';

interface Known {
  clockOffsetMs: number;
}

/**
 * Which station ids are provisioned, and the clock offset the database last stored for each (used until
 * this process has learnt a fresh one). Looked up once per station; unknown ids are remembered briefly
 * so a stream of messages for an unprovisioned id costs one read per interval, not one per message.
 */
export class StationDirectory {
  private readonly known = new Map<string, Known>();
  private readonly unknownUntil = new Map<string, number>();

  constructor(
    private readonly stations: StationsRepository,
    private readonly nowMs: () => number,
    private readonly unknownTtlMs = 5_000,
  ) {}

  /** The station when this process already knows it, without touching the database. */
  cached(stationId: string): Known | undefined {
    return this.known.get(stationId);
  }

  /** The station, or undefined when no station has this id. */
  async lookup(stationId: string): Promise<Known | undefined> {
    const hit = this.known.get(stationId);
    if (hit) return hit;
    const until = this.unknownUntil.get(stationId);
    if (until !== undefined && until > this.nowMs()) return undefined;
    const station = await this.stations.findStation(stationId);
    if (!station) {
      if (this.unknownUntil.size > 10_000) this.unknownUntil.clear();
      this.unknownUntil.set(stationId, this.nowMs() + this.unknownTtlMs);
      return undefined;
    }
    this.unknownUntil.delete(stationId);
    const entry = { clockOffsetMs: station.clockOffsetMs };
    this.known.set(stationId, entry);
    return entry;
  }
}
