import type { RentalStatus } from './rentals.tables.js';

/**
 * The rental state machine, pure. A rental is *live* while it holds its power bank and rider locks.
 *
 *   pending ──hold placed, eject sent──▶ ejecting ──station confirmed──▶ active ──returned──▶ ending ──paid──▶ ended
 *      │                                   │  ▲ (another power bank)       │  └──overdue──▶ purchasing ──▶ purchased
 *      └──────────▶ failed ◀───────────────┘──┘                            └──not taken (retracted)──▶ cancelled
 */
const NEXT: Readonly<Record<RentalStatus, readonly RentalStatus[]>> = {
  pending: ['ejecting', 'failed', 'cancelled'],
  ejecting: ['ejecting', 'active', 'failed', 'cancelled'],
  active: ['ending', 'cancelled', 'purchasing'],
  ending: ['ended'],
  purchasing: ['purchased'],
  ended: [],
  cancelled: [],
  failed: [],
  purchased: [],
};

export const LIVE_STATUSES: readonly RentalStatus[] = [
  'pending',
  'ejecting',
  'active',
  'ending',
  'purchasing',
];
export const FINAL_STATUSES: readonly RentalStatus[] = ['ended', 'cancelled', 'failed', 'purchased'];

export function canTransition(from: RentalStatus, to: RentalStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a rental may move to `to` from. */
export function statusesLeadingTo(to: RentalStatus): RentalStatus[] {
  return (Object.keys(NEXT) as RentalStatus[]).filter((from) => NEXT[from].includes(to));
}

export function isFinal(status: RentalStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * When a rental ended, as far as we can tell: the station's (offset-corrected) time of the return,
 * never before the rental started and never after the platform heard of it.
 */
export function plausibleEnd(startedAtMs: number, reportedAtMs: number, receivedAtMs: number): number {
  return Math.min(Math.max(reportedAtMs, startedAtMs), Math.max(receivedAtMs, startedAtMs));
}
