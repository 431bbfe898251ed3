import type { MigrationSet } from '../kernel/db/index.js';
import { idempotencyMigrations } from '../kernel/idempotency/index.js';
import { outboxMigrations } from '../kernel/outbox/index.js';
import { fleetMigrations } from '../modules/fleet/migrations/index.js';
import { identityMigrations } from '../modules/identity/index.js';
import { paymentsMigrations } from '../modules/payments/migrations/index.js';
import { pricingMigrations } from '../modules/pricing/migrations/index.js';
import { rentalsMigrations } from '../modules/rentals/migrations/index.js';

/** Every module's migrations, in the order the platform applies them. */
export const allMigrations: MigrationSet[] = [
  fleetMigrations,
  identityMigrations,
  paymentsMigrations,
  pricingMigrations,
  idempotencyMigrations,
  outboxMigrations,
  rentalsMigrations,
];
