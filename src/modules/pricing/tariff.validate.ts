import { isSupportedCurrency } from '../../kernel/money/index.js';
import { invalidTariff, invalidTaxRule } from './pricing.errors.js';
import type { Tariff, TaxRule } from './pricing.types.js';

/**
 * Upper bound of every money field of a tariff, in minor units (10 million GBP, or 1 billion yen).
 * With MAX_PRICEABLE_DURATION_MS it keeps every intermediate amount below 2^53.
 */
export const MAX_TARIFF_AMOUNT = 1_000_000_000;
export const MINUTES_PER_DAY = 1440;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function integerIn(input: Record<string, unknown>, field: string, low: number, high: number): number {
  const value = input[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < low || value > high) {
    throw invalidTariff(field, `must be an integer in ${low}..${high}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks an untrusted tariff and returns it typed; throws PRICING_INVALID_TARIFF naming the field. */
export function validateTariff(input: unknown): Tariff {
  if (!isRecord(input)) throw invalidTariff('tariff', 'must be an object');
  const currency = input.currency;
  if (typeof currency !== 'string' || !isSupportedCurrency(currency)) {
    throw invalidTariff('currency', `must be a supported ISO 4217 code, got ${JSON.stringify(currency)}`);
  }
  const unlockFee = integerIn(input, 'unlockFee', 0, MAX_TARIFF_AMOUNT);
  const pricePerPeriod = integerIn(input, 'pricePerPeriod', 0, MAX_TARIFF_AMOUNT);
  const dailyCap = integerIn(input, 'dailyCap', 0, MAX_TARIFF_AMOUNT);
  const maxCharge = integerIn(input, 'maxCharge', 1, MAX_TARIFF_AMOUNT);
  const freeMinutes = integerIn(input, 'freeMinutes', 0, MINUTES_PER_DAY);
  const periodMinutes = integerIn(input, 'periodMinutes', 1, MINUTES_PER_DAY);
  if (unlockFee > maxCharge) throw invalidTariff('unlockFee', 'must not exceed maxCharge');
  return { currency, unlockFee, freeMinutes, periodMinutes, pricePerPeriod, dailyCap, maxCharge };
}

/** Checks an untrusted tax rule; throws PRICING_INVALID_TAX_RULE naming the field. */
export function validateTaxRule(input: unknown): TaxRule {
  if (!isRecord(input)) throw invalidTaxRule('taxRule', 'must be an object');
  const { rateBasisPoints, included } = input;
  if (
    typeof rateBasisPoints !== 'number' ||
    !Number.isSafeInteger(rateBasisPoints) ||
    rateBasisPoints < 0 ||
    rateBasisPoints > 10_000
  ) {
    throw invalidTaxRule(
      'rateBasisPoints',
      `must be an integer in 0..10000, got ${JSON.stringify(rateBasisPoints)}`,
    );
  }
  if (typeof included !== 'boolean') throw invalidTaxRule('included', 'must be a boolean');
  return { rateBasisPoints, included };
}
