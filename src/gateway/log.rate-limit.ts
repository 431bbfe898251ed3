/**
 * Lets through at most `limit` occurrences per key in each window, and says how many were held back,
 * so one misbehaving station cannot flood the logs (or the message log table) while every problem
 * still leaves a trace.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startMs: number; count: number; suppressed: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Whether this occurrence may pass; `suppressed` counts those held back since the last one that passed. */
  take(key: string, nowMs: number): { allowed: boolean; suppressed: number } {
    let w = this.windows.get(key);
    if (!w || nowMs - w.startMs >= this.windowMs) {
      const suppressed = w?.suppressed ?? 0;
      if (!w && this.windows.size >= this.maxKeys) this.evictOldest();
      w = { startMs: nowMs, count: 1, suppressed: 0 };
      this.windows.set(key, w);
      return { allowed: true, suppressed };
    }
    if (w.count < this.limit) {
      w.count++;
      const suppressed = w.suppressed;
      w.suppressed = 0;
      return { allowed: true, suppressed };
    }
    w.suppressed++;
    return { allowed: false, suppressed: w.suppressed };
  }

  private evictOldest(): void {
    // Map iteration order is insertion order, so the first key is the oldest window.
    const first = this.windows.keys().next();
    if (!first.done) this.windows.delete(first.value);
  }
}
