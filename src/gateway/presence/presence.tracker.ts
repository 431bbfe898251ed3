import type { PresenceUpdate } from '../../modules/fleet/index.js';

export type { PresenceUpdate };

interface Entry extends PresenceUpdate {
  /** What this process last wrote (or confirmed) as the station's connectivity. */
  online: boolean;
  dirty: boolean;
}

/**
 * In-memory presence: when each station was last heard from and its latest vitals. Heartbeats only
 * touch this map; the gateway's tick writes the changed entries in one batch, so a heartbeat costs no
 * database write of its own.
 */
export class PresenceTracker {
  private readonly entries = new Map<string, Entry>();
  /** Entries with `online` set, kept as they change: stats() asks often, and there are 100,000 entries. */
  private online = 0;

  constructor(private readonly offlineAfterMs: number) {}

  /**
   * Records a sign of life. Returns true when the station must be (re)marked online in the database:
   * the first message this process sees from it, one after we marked it offline, or one after a silence
   * long enough that another gateway process may have marked it offline meanwhile.
   */
  seen(stationId: string, atMs: number): boolean {
    const entry = this.entries.get(stationId);
    if (!entry) {
      this.entries.set(stationId, { stationId, lastSeenAtMs: atMs, online: false, dirty: true });
      return true;
    }
    const silentTooLong = atMs - entry.lastSeenAtMs >= this.offlineAfterMs;
    if (atMs > entry.lastSeenAtMs) entry.lastSeenAtMs = atMs;
    entry.dirty = true;
    return !entry.online || silentTooLong;
  }

  /** True when a message at atMs would not need the station (re)marked online: seen() would return false. */
  isLive(stationId: string, atMs: number): boolean {
    const entry = this.entries.get(stationId);
    return entry !== undefined && entry.online && atMs - entry.lastSeenAtMs < this.offlineAfterMs;
  }

  /** The database now says online. */
  confirmOnline(stationId: string): void {
    const entry = this.entries.get(stationId);
    if (entry) this.setOnline(entry, true);
  }

  /** The latest vitals from a heartbeat (written at the next flush). */
  report(stationId: string, vitals: Omit<PresenceUpdate, 'stationId' | 'lastSeenAtMs'>): void {
    const entry = this.entries.get(stationId);
    if (!entry) return;
    Object.assign(entry, vitals);
    entry.dirty = true;
  }

  markOffline(stationId: string): void {
    const entry = this.entries.get(stationId);
    if (entry) this.setOnline(entry, false);
  }

  lastSeen(stationId: string): number | undefined {
    return this.entries.get(stationId)?.lastSeenAtMs;
  }

  onlineCount(): number {
    return this.online;
  }

  /** The entries changed since the last call, now considered clean. */
  takeDirty(): PresenceUpdate[] {
    const out: PresenceUpdate[] = [];
    for (const entry of this.entries.values()) {
      if (!entry.dirty) continue;
      entry.dirty = false;
      const { online: _online, dirty: _dirty, ...update } = entry;
      out.push(update);
    }
    return out;
  }

  /** Puts back updates whose write failed, so the next flush retries them. */
  restore(updates: PresenceUpdate[]): void {
    for (const update of updates) {
      const entry = this.entries.get(update.stationId);
      if (entry) entry.dirty = true;
    }
  }

  /** Drops stations silent since before the cutoff and already offline, so the map tracks live stations only. */
  forgetSilentSince(cutoffMs: number): void {
    for (const [id, entry] of this.entries) {
      if (!entry.online && !entry.dirty && entry.lastSeenAtMs < cutoffMs) this.entries.delete(id);
    }
  }

  private setOnline(entry: Entry, online: boolean): void {
    if (entry.online !== online) this.online += online ? 1 : -1;
    entry.online = online;
  }
}
