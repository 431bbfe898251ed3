import { TestClock } from '../../src/kernel/clock.js';
import {
  connectDatabase,
  migrateToLatest,
  type Database,
  type DialectName,
} from '../../src/kernel/db/index.js';
import { allMigrations } from '../../src/app/migrations.js';
import {
  createPricingModule,
  pricingMigrations,
  type PricingCatalog,
  type RegionInput,
  type Tariff,
} from '../../src/modules/pricing/index.js';
import { freshDatabaseUrl } from '../helpers/db.js';

export interface PricingFixture {
  database: Database;
  clock: TestClock;
  catalog: PricingCatalog;
  /** Another process on the same database: its own catalogue and cache. */
  otherProcess(): PricingCatalog;
  drop(): Promise<void>;
}

/** A migrated private database with the pricing tables (whether or not the app lists them yet) and a TestClock. */
export async function pricingFixture(dialect: DialectName, freezeCacheMs = 30_000): Promise<PricingFixture> {
  // Migrated in one go: the pricing migrations must run in name order among the app's.
  const fresh = await freshDatabaseUrl(dialect);
  const database = connectDatabase(fresh.url, 5);
  await migrateToLatest(database, ...allMigrations, pricingMigrations);
  const clock = new TestClock('2026-03-02T09:00:00.000Z');
  return {
    database,
    clock,
    catalog: createPricingModule({ database, clock, freezeCacheMs }).catalog,
    otherProcess: () => createPricingModule({ database, clock, freezeCacheMs }).catalog,
    drop: async () => {
      await database.destroy();
      await fresh.drop();
    },
  };
}

export const GB_REGION: RegionInput = {
  country: 'GB',
  currency: 'GBP',
  taxRateBasisPoints: 2000,
  taxIncluded: true,
  maxRentalHours: 120,
};

export const GB_TARIFF: Tariff = {
  currency: 'GBP',
  unlockFee: 100,
  freeMinutes: 5,
  periodMinutes: 30,
  pricePerPeriod: 150,
  dailyCap: 600,
  maxCharge: 2500,
};
