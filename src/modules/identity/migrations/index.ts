import type { MigrationSet } from '../../../kernel/db/index.js';
import * as init from './20261123_identity_001_init.js';

export const identityMigrations: MigrationSet = {
  '20261123_identity_001_init': init,
};
