import type { MigrationSet } from '../kernel/db/index.js';
import { fleetMigrations } from '../modules/fleet/migrations/index.js';

/** Every module's migrations, in the order the platform applies them. */
export const allMigrations: MigrationSet[] = [fleetMigrations];
