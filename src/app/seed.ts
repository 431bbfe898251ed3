import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/db/index.js';
import { seedDemoNetwork, type FleetModule, type SeedReport } from '../modules/fleet/index.js';
import { createPricingModule, seedPricingCatalog, type PricingSeedReport } from '../modules/pricing/index.js';

export interface DemoSeedReport extends SeedReport {
  pricing: PricingSeedReport;
}

/**
 * The demo data: the network (sites, stations, stocked power banks) and a price list for every
 * country it runs in. Idempotent; used by `npm start`, `serve` with SEED_DEMO and `seed --demo`.
 */
export async function seedDemoData(deps: {
  fleet: FleetModule;
  database: Database;
  clock: Clock;
}): Promise<DemoSeedReport> {
  const network = await seedDemoNetwork(deps);
  const { catalog } = createPricingModule({ database: deps.database, clock: deps.clock });
  return { ...network, pricing: await seedPricingCatalog(catalog) };
}

/** Seeds only the demo price list (for a database whose network exists already). */
export async function seedDemoPricing(deps: {
  database: Database;
  clock: Clock;
}): Promise<PricingSeedReport> {
  const { catalog } = createPricingModule({ database: deps.database, clock: deps.clock });
  return seedPricingCatalog(catalog);
}
