import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINAL_STATUSES, LIVE_STATUSES, canTransition, plausibleEnd } from './rental.state.js';

describe('rental state machine', () => {
  it('never leaves a final status', () => {
    for (const from of FINAL_STATUSES) {
      for (const to of [...LIVE_STATUSES, ...FINAL_STATUSES]) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('becomes active only from ejecting, and is paid only after it ended or became a purchase', () => {
    expect([...LIVE_STATUSES].filter((s) => canTransition(s, 'active'))).toEqual(['ejecting']);
    expect([...LIVE_STATUSES].filter((s) => canTransition(s, 'ended'))).toEqual(['ending']);
    expect([...LIVE_STATUSES].filter((s) => canTransition(s, 'purchased'))).toEqual(['purchasing']);
  });
});

describe('plausibleEnd', () => {
  it('is the reported time when it lies between the start and the moment we heard of it', () => {
    expect(plausibleEnd(1_000, 5_000, 9_000)).toBe(5_000);
  });

  it('clamps a station clock that claims a return before the start, or in the future', () => {
    expect(plausibleEnd(1_000, 500, 9_000)).toBe(1_000);
    expect(plausibleEnd(1_000, 20_000, 9_000)).toBe(9_000);
  });

  it('always lies within [start, max(start, received)]', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), (start, reported, received) => {
        const end = plausibleEnd(start, reported, received);
        return end >= start && end <= Math.max(start, received);
      }),
    );
  });
});
