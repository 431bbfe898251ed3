import { describe, expect, it } from 'vitest';
import { RateLimiter } from './log.rate-limit.js';

describe('RateLimiter', () => {
  it('lets `limit` per key through each window and reports what it held back', () => {
    const r = new RateLimiter(2, 1000);
    expect(r.take('a', 0)).toEqual({ allowed: true, suppressed: 0 });
    expect(r.take('a', 10)).toEqual({ allowed: true, suppressed: 0 });
    expect(r.take('a', 20).allowed).toBe(false);
    expect(r.take('a', 30).allowed).toBe(false);
    expect(r.take('b', 30).allowed).toBe(true);
    expect(r.take('a', 1000)).toEqual({ allowed: true, suppressed: 2 });
  });

  it('bounds the number of keys it remembers', () => {
    const r = new RateLimiter(1, 1000, 2);
    r.take('a', 0);
    r.take('b', 0);
    r.take('c', 0);
    expect(r.take('a', 1).allowed).toBe(true);
  });
});
