import type { OpeningHours } from './fleet.types.js';

/**
 * "Is this venue open now?" from its weekly opening hours, read in the site's own time zone (a rider
 * in Paris looking at a Tokyo station gets Tokyo's answer). A range whose close is not after its open
 * (`["18:00", "02:00"]`) runs past midnight into the next day, as bar hours do. Pure.
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local weekday index (0 = Sunday) and minutes since local midnight at an instant. */
export function localTime(timeZone: string, atMs: number): { day: number; minutes: number } {
  let weekday = 'Sun';
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(atMs)) {
    if (part.type === 'weekday') weekday = part.value;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  const day = DAYS.indexOf(weekday.slice(0, 3).toLowerCase() as Day);
  return { day: day < 0 ? 0 : day, minutes: hour * 60 + minute };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** True when the venue is open at the instant; `null` opening hours mean always open. */
export function isOpenAt(hours: OpeningHours | null, timeZone: string, atMs: number): boolean {
  if (!hours) return true;
  const { day, minutes } = localTime(timeZone, atMs);
  for (const [open, close] of hours[DAYS[day]!] ?? []) {
    const from = toMinutes(open);
    const to = toMinutes(close);
    if (to > from ? minutes >= from && minutes < to : minutes >= from) return true;
  }
  // Yesterday's overnight ranges still running after midnight.
  for (const [open, close] of hours[DAYS[(day + 6) % 7]!] ?? []) {
    const from = toMinutes(open);
    const to = toMinutes(close);
    if (to <= from && minutes < to) return true;
  }
  return false;
}
