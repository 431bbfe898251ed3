import type { Logger } from '../../kernel/logger.js';
import type { FleetModule } from '../../modules/fleet/index.js';
import type { GatewayCounters } from '../gateway.stats.js';
import type { PresenceTracker } from './presence.tracker.js';

/** Entries silent this long and already offline are dropped from memory. */
const FORGET_AFTER_MS = 24 * 3600_000;

/**
 * Connectivity on top of the in-memory tracker: marks a station online on its first message, writes
 * coalesced presence in one batch per tick, and marks offline the stations the database shows as not
 * heard from for OFFLINE_AFTER_MISSED_HEARTBEATS × HEARTBEAT_SECONDS. The offline decision reads the
 * database's last_seen_at, which every gateway process flushes into, so it holds when several gateway
 * processes share a broker subscription and each sees only part of a station's messages.
 */
export class PresenceService {
  constructor(
    private readonly tracker: PresenceTracker,
    private readonly fleet: FleetModule,
    private readonly counters: GatewayCounters,
    private readonly logger: Logger,
    private readonly offlineAfterMs: number,
  ) {}

  /** Any valid message is a sign of life; the station is marked online at once when it was not. */
  async signOfLife(stationId: string, atMs: number, forceOnline = false): Promise<void> {
    const needsOnline = this.tracker.seen(stationId, atMs);
    if (!needsOnline && !forceOnline) return;
    await this.fleet.state.setConnectivity(stationId, true, atMs);
    this.tracker.confirmOnline(stationId);
  }

  /**
   * The synchronous sign of life of a station already online here: true when recorded, false when the
   * caller must take the asynchronous path (signOfLife), because the database has to hear about it.
   */
  liveSignOfLife(stationId: string, atMs: number): boolean {
    if (!this.tracker.isLive(stationId, atMs)) return false;
    this.tracker.seen(stationId, atMs);
    return true;
  }

  /** The station said goodbye (its last will, or a retained `{online:false}`). */
  async wentOffline(stationId: string, atMs: number): Promise<void> {
    this.tracker.markOffline(stationId);
    if (await this.fleet.state.setConnectivity(stationId, false, atMs)) this.counters.markedOffline++;
  }

  /** Writes every presence entry changed since the last flush in one call. */
  async flush(): Promise<void> {
    const updates = this.tracker.takeDirty();
    if (updates.length === 0) return;
    try {
      await this.fleet.state.recordPresence(updates);
      this.counters.presenceFlushes++;
      this.counters.stationsFlushed += updates.length;
    } catch (err) {
      this.tracker.restore(updates);
      throw err;
    }
  }

  /** Marks offline every station online in the database but silent since the cutoff. */
  async sweep(nowMs: number): Promise<void> {
    const cutoffMs = nowMs - this.offlineAfterMs;
    const silent = await this.fleet.state.findOnlineNotSeenSince(cutoffMs);
    for (const stationId of silent) {
      const seen = this.tracker.lastSeen(stationId);
      // Heard from since the cutoff: only our flush has not reached the database yet.
      if (seen !== undefined && seen >= cutoffMs) continue;
      this.tracker.markOffline(stationId);
      if (await this.fleet.state.setConnectivity(stationId, false, nowMs)) {
        this.counters.markedOffline++;
        this.logger.info({ stationId }, 'station offline: missed heartbeats');
      }
    }
    this.tracker.forgetSilentSince(nowMs - FORGET_AFTER_MS);
  }

  onlineCount(): number {
    return this.tracker.onlineCount();
  }
}
