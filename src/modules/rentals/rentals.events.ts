import type { RentalStatus } from './rentals.tables.js';

/** Events the rentals module emits (docs/events.md is the catalogue). */
export interface RentalEvents {
  /** A rental changed status; riders' long-polls and streams wake on it. */
  'rental.status_changed': { rentalId: string; riderId: string; status: RentalStatus; at: string };
}

export const RENTAL_EVENT_TYPES = [
  'rental.status_changed',
] as const satisfies readonly (keyof RentalEvents)[];
