export type {
  FrozenTariff,
  PriceBreakdown,
  PriceLine,
  PriceLineCode,
  Tariff,
  TaxRule,
} from './pricing.types.js';
export { MAX_PRICEABLE_DURATION_MS, MS_PER_DAY, MS_PER_MINUTE, priceRental } from './price-rental.js';
export { MAX_TARIFF_AMOUNT, validateTariff, validateTaxRule } from './tariff.validate.js';
