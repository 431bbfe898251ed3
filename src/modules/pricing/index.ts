/**
 * The pricing module's only door: the pure price calculation, the catalogue of regions and versioned
 * tariffs, the quote and ops routes and the demo catalogue. See README.md.
 */
export type {
  FrozenTariff,
  PriceBreakdown,
  PriceLine,
  PriceLineCode,
  PublishOptions,
  Region,
  RegionInput,
  Tariff,
  TariffInput,
  TariffVersion,
  TaxRule,
} from './pricing.types.js';
export type * from './pricing.tables.js';
export { MAX_PRICEABLE_DURATION_MS, MS_PER_DAY, MS_PER_MINUTE, priceRental } from './price-rental.js';
export { pricePurchase } from './price-purchase.js';
export { MAX_TARIFF_AMOUNT, validateTariff, validateTaxRule } from './tariff.validate.js';
export { PricingCatalog, MAX_RENTAL_HOURS, DEFAULT_FREEZE_CACHE_MS } from './pricing.catalog.js';
export { createPricingModule, type PricingModule, type PricingDeps } from './pricing.module.js';
export { pricingMigrations } from './migrations/index.js';
export {
  quoteRoutes,
  type QuoteRoutesOptions,
  type ResolveStation,
  type StationRef,
} from './quote.routes.js';
export { pricingOpsRoutes, type PricingOpsRoutesOptions } from './pricing-ops.routes.js';
export { seedPricingCatalog, DEMO_PRICING, type PricingSeedReport } from './seed.catalog.js';
export { buildQuote, QUOTE_EXAMPLE_MINUTES } from './quote.view.js';
export type { Quote } from './pricing.schemas.js';
