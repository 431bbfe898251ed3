import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import { DEFAULT_FREEZE_CACHE_MS, PricingCatalog } from './pricing.catalog.js';
import { PricingRepository } from './pricing.repository.js';

export interface PricingDeps {
  database: Database;
  clock: Clock;
  /** How long freeze() trusts its per-country cache; other processes' writes show within this time. */
  freezeCacheMs?: number;
}

/** The pricing module's services, wired once by the composition root. */
export interface PricingModule {
  catalog: PricingCatalog;
}

/** Wires the pricing repository and catalogue. */
export function createPricingModule(deps: PricingDeps): PricingModule {
  const repo = new PricingRepository(deps.database);
  return { catalog: new PricingCatalog(repo, deps.clock, deps.freezeCacheMs ?? DEFAULT_FREEZE_CACHE_MS) };
}
