import type { MigrationSet } from '../kernel/db/index.js';
import { idempotencyMigrations } from '../kernel/idempotency/index.js';
import { outboxMigrations } from '../kernel/outbox/index.js';
import { fleetMigrations } from '../modules/fleet/migrations/index.js';
import { rentalsMigrations } from '../modules/rentals/migrations/index.js';

/** Every module's migrations, in the order the platform applies them. */
export const allMigrations: MigrationSet[] = [
  fleetMigrations,
  idempotencyMigrations,
  outboxMigrations,
  rentalsMigrations,
];
