import { money, taxFromInclusive, taxOnExclusive } from '../../kernel/money/index.js';
import type { PriceBreakdown, Tariff, TaxRule } from './pricing.types.js';
import { validateTariff, validateTaxRule } from './tariff.validate.js';

/**
 * Prices a rental that was not returned within the maximum rental period: the rider buys the power
 * bank at `tariff.maxCharge`, instead of (not on top of) the rental. One line, `power_bank_purchase`;
 * tax is split exactly as priceRental does (extracted when included, added when not).
 */
export function pricePurchase(tariff: Tariff, taxRule: TaxRule): PriceBreakdown {
  const valid = validateTariff(tariff);
  const rule = validateTaxRule(taxRule);
  const total = money(valid.maxCharge, valid.currency);
  const { net, tax, gross } = rule.included
    ? taxFromInclusive(total, rule.rateBasisPoints)
    : taxOnExclusive(total, rule.rateBasisPoints);
  return {
    currency: valid.currency,
    lines: [{ code: 'power_bank_purchase', amount: total }],
    net,
    tax,
    gross,
    capped: null,
    chargedPeriods: 0,
    startedDays: 0,
  };
}
