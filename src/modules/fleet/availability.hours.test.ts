import { describe, expect, it } from 'vitest';
import { isOpenAt, localTime } from './availability.hours.js';
import type { OpeningHours } from './fleet.types.js';

const at = (iso: string) => Date.parse(iso);

describe('localTime', () => {
  it('reads weekday and minutes in the given time zone', () => {
    // 2026-01-14 is a Wednesday; 23:30 UTC is already Thursday 08:30 in Tokyo.
    expect(localTime('Europe/London', at('2026-01-14T23:30:00Z'))).toEqual({ day: 3, minutes: 23 * 60 + 30 });
    expect(localTime('Asia/Tokyo', at('2026-01-14T23:30:00Z'))).toEqual({ day: 4, minutes: 8 * 60 + 30 });
    expect(localTime('America/New_York', at('2026-01-14T03:00:00Z'))).toEqual({ day: 2, minutes: 22 * 60 });
  });

  it('follows daylight saving time', () => {
    // London is UTC+1 in July.
    expect(localTime('Europe/London', at('2026-07-01T08:00:00Z')).minutes).toBe(9 * 60);
  });
});

describe('isOpenAt', () => {
  const hours: OpeningHours = {
    mon: [['09:00', '17:00']],
    wed: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
  };

  it('treats null opening hours as always open', () => {
    expect(isOpenAt(null, 'Europe/Paris', at('2026-01-18T03:00:00Z'))).toBe(true);
  });

  it('is open inside a range and closed outside it, in local time', () => {
    // Wednesday in London (UTC+0 in January).
    expect(isOpenAt(hours, 'Europe/London', at('2026-01-14T09:00:00Z'))).toBe(true);
    expect(isOpenAt(hours, 'Europe/London', at('2026-01-14T12:30:00Z'))).toBe(false); // lunch
    expect(isOpenAt(hours, 'Europe/London', at('2026-01-14T17:00:00Z'))).toBe(false); // close is exclusive
    // The same instant is 13:00 in Paris: open.
    expect(isOpenAt(hours, 'Europe/Paris', at('2026-01-14T12:00:00Z'))).toBe(true);
  });

  it('is closed on a day without hours', () => {
    expect(isOpenAt(hours, 'Europe/London', at('2026-01-15T10:00:00Z'))).toBe(false); // Thursday
  });

  it('keeps an overnight range open past midnight into the next day', () => {
    const bar: OpeningHours = { fri: [['18:00', '02:00']] };
    expect(isOpenAt(bar, 'Europe/Madrid', at('2026-01-16T22:00:00Z'))).toBe(true); // Fri 23:00
    expect(isOpenAt(bar, 'Europe/Madrid', at('2026-01-17T00:30:00Z'))).toBe(true); // Sat 01:30
    expect(isOpenAt(bar, 'Europe/Madrid', at('2026-01-17T01:30:00Z'))).toBe(false); // Sat 02:30
    expect(isOpenAt(bar, 'Europe/Madrid', at('2026-01-16T12:00:00Z'))).toBe(false); // Fri 13:00
  });

  it('handles a day open until 24:00', () => {
    const allDay: OpeningHours = { wed: [['00:00', '24:00']] };
    expect(isOpenAt(allDay, 'UTC', at('2026-01-14T23:59:00Z'))).toBe(true);
    expect(isOpenAt(allDay, 'UTC', at('2026-01-15T00:00:00Z'))).toBe(false);
  });
});
