import { describe, expect, it } from 'vitest';
import { toIso } from './clock.js';

describe('toIso', () => {
  it('formats fixed-width UTC text, the same for a number and a Date, whatever it formatted before', () => {
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIso(new Date(1_767_225_600_123))).toBe('2026-01-01T00:00:00.123Z');
    expect(toIso(1_767_225_600_124)).toBe('2026-01-01T00:00:00.124Z');
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses an invalid time as Date does', () => {
    expect(() => toIso(Number.NaN)).toThrow(RangeError);
    expect(() => toIso(new Date('nope'))).toThrow(RangeError);
  });
});
