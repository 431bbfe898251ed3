/**
 * Time is injected everywhere: production uses the system clock, tests use TestClock and move it,
 * so heartbeats, command timeouts and offline detection are tested without sleeping.
 */
export interface Clock {
  now(): Date;
  /** Milliseconds since the epoch; cheaper than now() on hot paths. */
  nowMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** A clock that only moves when told to. */
export class TestClock implements Clock {
  private ms: number;
  constructor(start: Date | string | number = '2026-01-15T10:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  nowMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(at: Date | string | number): void {
    this.ms = new Date(at).getTime();
  }
}

/** Portable UTC timestamp text: fixed-width ISO-8601, so it sorts and compares correctly as a string on every dialect. */
export function toIso(ms: number | Date): string {
  const at = typeof ms === 'number' ? ms : ms.getTime();
  // One unit of work formats the same instant many times (updated_at, created_at, events): formatting
  // a Date showed up in profiles, so the last answer is kept.
  if (at !== lastIsoMs) {
    lastIso = new Date(at).toISOString();
    lastIsoMs = at;
  }
  return lastIso;
}
let lastIsoMs = Number.NaN;
let lastIso = '';
