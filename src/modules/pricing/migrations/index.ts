import type { MigrationSet } from '../../../kernel/db/index.js';
import * as catalog from './20261123_pricing_001_catalog.js';

export const pricingMigrations: MigrationSet = {
  '20261123_pricing_001_catalog': catalog,
};
