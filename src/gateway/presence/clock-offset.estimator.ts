/** A step larger than this is a clock set (NTP sync, RTC reset), adopted at once instead of smoothed in. */
const JUMP_MS = 5 * 60_000;

/**
 * Learns each station's clock offset (station clock minus platform clock) from the `ts` of hello and
 * heartbeat messages, which are sent fresh, never re-delivered from an offline buffer. Network delay
 * makes each sample a little low and jittery, so heartbeats are smoothed (exponential moving average);
 * a hello starts afresh because the station may just have rebooted with a different clock.
 */
export class ClockOffsetEstimator {
  private readonly offsets = new Map<string, number>();

  constructor(private readonly smoothing = 0.2) {}

  /** A hello: the station (re)connected, so its previous offset may no longer hold. */
  reset(stationId: string, stationTsMs: number, receivedAtMs: number): number {
    const offset = Math.round(stationTsMs - receivedAtMs);
    this.offsets.set(stationId, offset);
    return offset;
  }

  /** A heartbeat: one more sample, smoothed into the estimate. */
  sample(stationId: string, stationTsMs: number, receivedAtMs: number): number {
    const sample = stationTsMs - receivedAtMs;
    const current = this.offsets.get(stationId);
    const offset =
      current === undefined || Math.abs(sample - current) > JUMP_MS
        ? Math.round(sample)
        : Math.round(current + this.smoothing * (sample - current));
    this.offsets.set(stationId, offset);
    return offset;
  }

  /** The current estimate, if this process has learnt one. */
  get(stationId: string): number | undefined {
    return this.offsets.get(stationId);
  }

  forget(stationId: string): void {
    this.offsets.delete(stationId);
  }
}

/** A station's `ts` in platform time: corrected by the offset and never later than when it arrived. */
export function correctStationTime(stationTsMs: number, offsetMs: number, receivedAtMs: number): number {
  return Math.min(stationTsMs - offsetMs, receivedAtMs);
}
