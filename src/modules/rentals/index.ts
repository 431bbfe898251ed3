/**
 * The rentals module's only door: rental records, their state machine and the riders' rental API.
 * The rental loop itself (start, eject outcomes, returns, purchases, recovery) is a flow across
 * modules: src/flows/rentals. See README.md.
 */
export type * from './rentals.types.js';
export type { RentalsTables } from './rentals.tables.js';
export { rentalsMigrations } from './migrations/index.js';
export {
  RentalsRepository,
  pendingRental,
  type RentalPatch,
  type InsertOutcome,
} from './rentals.repository.js';
export { RentalsService } from './rentals.service.js';
export { RENTAL_EVENT_TYPES, type RentalEvents } from './rentals.events.js';
export * from './rentals.errors.js';
export {
  canTransition,
  isFinal,
  plausibleEnd,
  statusesLeadingTo,
  LIVE_STATUSES,
  FINAL_STATUSES,
} from './rental.state.js';
export { rentalsRoutes, type RentalsRoutesOptions } from './rentals.routes.js';
export { rentalView } from './rentals.views.js';
export { RentalView } from './rentals.schemas.js';
