import { describe, expect, it } from 'vitest';
import { chargeFor, chargeRatePctPerMin } from './charging.js';

describe('charging curve', () => {
  it('charges at about 1 % a minute up to 80 %', () => {
    expect(chargeFor(20, 30)).toBeCloseTo(50, 5);
    expect(chargeFor(0, 80)).toBeCloseTo(80, 5);
  });

  it('tapers above 80 %, so the last 20 % take longer than the 20 % before', () => {
    expect(chargeRatePctPerMin(90)).toBeLessThan(chargeRatePctPerMin(70));
    expect(chargeFor(80, 20)).toBeLessThan(100);
    let minutes = 0;
    for (let level = 80; level < 100; minutes++) level = chargeFor(level, 1);
    expect(minutes).toBeGreaterThan(30);
    expect(minutes).toBeLessThan(120);
  });

  it('reaches exactly 100 and never goes beyond, nor backwards', () => {
    expect(chargeFor(95, 10_000)).toBe(100);
    expect(chargeFor(100, 60)).toBe(100);
    let previous = 0;
    for (let m = 0; m <= 240; m += 7) {
      const level = chargeFor(0, m);
      expect(level).toBeGreaterThanOrEqual(previous);
      previous = level;
    }
  });

  it('does not depend on how the time is sliced', () => {
    const oneGo = chargeFor(10, 100);
    let sliced = 10;
    for (let i = 0; i < 100; i++) sliced = chargeFor(sliced, 1);
    expect(sliced).toBeCloseTo(oneGo, 6);
  });
});
