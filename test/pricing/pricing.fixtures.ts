import { TestClock } from '../../src/kernel/clock.js';
import { type Database, type DialectName } from '../../src/kernel/db/index.js';
import {
  createPricingModule,
  type PricingCatalog,
  type RegionInput,
} from '../../src/modules/pricing/index.js';
import { freshDatabase } from '../helpers/db.js';

export interface PricingFixture {
  database: Database;
  clock: TestClock;
  catalog: PricingCatalog;
  /** Another process on the same database: its own catalogue and cache. */
  otherProcess(): PricingCatalog;
  drop(): Promise<void>;
}

/** A migrated private database and a TestClock. */
export async function pricingFixture(dialect: DialectName, freezeCacheMs = 30_000): Promise<PricingFixture> {
  const database = await freshDatabase(dialect);
  const clock = new TestClock('2026-03-02T09:00:00.000Z');
  return {
    database,
    clock,
    catalog: createPricingModule({ database, clock, freezeCacheMs }).catalog,
    otherProcess: () => createPricingModule({ database, clock, freezeCacheMs }).catalog,
    drop: () => database.drop(),
  };
}

export const GB_REGION: RegionInput = {
  country: 'GB',
  currency: 'GBP',
  taxRateBasisPoints: 2000,
  taxIncluded: true,
  maxRentalHours: 120,
};

export { GB_TARIFF } from '../helpers/tariffs.js';
