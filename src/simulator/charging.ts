/**
 * Charging curve of a lithium power bank: constant current up to 80 % (about 1 % a minute), then the
 * constant-voltage phase tapers off, so the last 20 % take about as long as the 40 % before them.
 */
const CC_RATE_PCT_PER_MIN = 1;
const CV_FLOOR_PCT_PER_MIN = 0.15;
const CV_START_PCT = 80;

/** Charge rate, in percent per simulated minute, at a given level. */
export function chargeRatePctPerMin(pct: number): number {
  if (pct >= 100) return 0;
  if (pct < CV_START_PCT) return CC_RATE_PCT_PER_MIN;
  return Math.max(CV_FLOOR_PCT_PER_MIN, (CC_RATE_PCT_PER_MIN * (100 - pct)) / (100 - CV_START_PCT));
}

/** The level after charging for `minutes` simulated minutes from `pct` (integrated in steps of at most a minute). */
export function chargeFor(pct: number, minutes: number): number {
  let level = Math.max(0, Math.min(100, pct));
  let left = Math.max(0, minutes);
  while (left > 0 && level < 100) {
    const step = Math.min(1, left);
    level = Math.min(100, level + chargeRatePctPerMin(level) * step);
    left -= step;
  }
  return level;
}
