import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator, correctStationTime } from './clock-offset.estimator.js';

describe('ClockOffsetEstimator', () => {
  it('takes a hello as the new offset and smooths heartbeat jitter', () => {
    const offsets = new ClockOffsetEstimator(0.2);
    expect(offsets.reset('s', 10_000, 0)).toBe(10_000);
    expect(offsets.sample('s', 10_500, 0)).toBe(10_100);
    expect(offsets.sample('s', 9_600, 0)).toBe(10_000);
    expect(offsets.get('s')).toBe(10_000);
  });

  it('adopts a clock jump at once instead of drifting towards it', () => {
    const offsets = new ClockOffsetEstimator(0.2);
    offsets.sample('s', 1_000, 0);
    expect(offsets.sample('s', 3_600_000, 0)).toBe(3_600_000);
  });

  it('knows nothing of a station it never heard', () => {
    expect(new ClockOffsetEstimator().get('s')).toBeUndefined();
  });
});

describe('correctStationTime', () => {
  it('subtracts the offset and never returns a time after the message arrived', () => {
    expect(correctStationTime(70_000, 10_000, 100_000)).toBe(60_000);
    expect(correctStationTime(200_000, 10_000, 100_000)).toBe(100_000);
  });
});
