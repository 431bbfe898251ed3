import type { MigrationSet } from '../../../kernel/db/index.js';
import * as init from './20261123_fleet_001_init.js';
import * as stateIndexes from './20261123_fleet_002_state_indexes.js';

export const fleetMigrations: MigrationSet = {
  '20261123_fleet_001_init': init,
  '20261123_fleet_002_state_indexes': stateIndexes,
};
