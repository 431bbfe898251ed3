import type { Clock } from '../../kernel/clock.js';
import type { FleetModule, Site } from '../../modules/fleet/index.js';

interface Cached<T> {
  value: T;
  atMs: number;
}

/** How long a looked-up site or station code is reused. Both change rarely (an operator edits them). */
const TTL_MS = 60_000;
/** A bound, so a fleet of many thousand stations cannot grow the caches without limit. */
const MAX_ENTRIES = 50_000;

/**
 * Fleet facts the rental loop reads on every cycle but that hardly ever change — a site's country and
 * time zone, a station's QR code — kept for a minute instead of re-read each time. Never used for
 * what does change (connectivity, slots, power banks), which is always read fresh.
 */
export class FleetLookups {
  private readonly sites = new Map<string, Cached<Site | undefined>>();
  private readonly codes = new Map<string, Cached<{ code: string; siteId: string } | undefined>>();
  private readonly idsByCode = new Map<string, Cached<string | undefined>>();

  constructor(
    private readonly fleet: FleetModule,
    private readonly clock: Clock,
  ) {}

  site(siteId: string): Promise<Site | undefined> {
    return this.cached(this.sites, siteId, () => this.fleet.stations.findSite(siteId));
  }

  /** A station's code and site, or undefined for an unknown station. */
  station(stationId: string): Promise<{ code: string; siteId: string } | undefined> {
    return this.cached(this.codes, stationId, async () => {
      const station = await this.fleet.stations.findStation(stationId);
      return station ? { code: station.code, siteId: station.siteId } : undefined;
    });
  }

  /**
   * The station a QR code names, or undefined. The caller checks the station it then reads still has
   * that code (an operator may have moved it) and calls forgetCode when not.
   */
  stationIdForCode(code: string): Promise<string | undefined> {
    return this.cached(
      this.idsByCode,
      code,
      async () => (await this.fleet.stations.findStationByCode(code))?.id,
    );
  }

  forgetCode(code: string): void {
    this.idsByCode.delete(code);
  }

  private async cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const nowMs = this.clock.nowMs();
    const hit = map.get(key);
    if (hit && nowMs - hit.atMs < TTL_MS && hit.value !== undefined) return hit.value;
    const value = await load();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { value, atMs: nowMs });
    return value;
  }
}
