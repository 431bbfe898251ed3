import type { MigrationSet } from '../../../kernel/db/index.js';
import * as init from './20261123_rentals_001_init.js';

export const rentalsMigrations: MigrationSet = {
  '20261123_rentals_001_init': init,
};
