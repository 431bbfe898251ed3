import {
  add,
  compare,
  min,
  money,
  multiply,
  subtract,
  sum,
  taxFromInclusive,
  taxOnExclusive,
} from '../../kernel/money/index.js';
import type { Money } from '../../kernel/money/index.js';
import { invalidDuration } from './pricing.errors.js';
import type { PriceBreakdown, PriceLine, Tariff, TaxRule } from './pricing.types.js';
import { validateTariff, validateTaxRule } from './tariff.validate.js';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/**
 * Longest duration priced: 3660 days (ten years). Rentals become purchases long before; the bound
 * keeps periods × pricePerPeriod below 2^53 for any valid tariff (527 040 periods × 10^9).
 */
export const MAX_PRICEABLE_DURATION_MS = 3660 * MS_PER_DAY;

function assertDuration(durationMs: number): void {
  if (typeof durationMs !== 'number' || Number.isNaN(durationMs)) {
    throw invalidDuration(durationMs, 'must be a number');
  }
  if (durationMs < 0) throw invalidDuration(durationMs, 'must not be negative');
  if (!Number.isSafeInteger(durationMs)) throw invalidDuration(durationMs, 'must be a whole number of ms');
  if (durationMs > MAX_PRICEABLE_DURATION_MS) {
    throw invalidDuration(durationMs, `must not exceed ${MAX_PRICEABLE_DURATION_MS} ms`);
  }
}

/** Number of billing periods that started strictly before `elapsedMs` (periods start after the free time). */
function periodsStartedBefore(tariff: Tariff, elapsedMs: number): number {
  const freeMs = tariff.freeMinutes * MS_PER_MINUTE;
  if (elapsedMs <= freeMs) return 0;
  return Math.ceil((elapsedMs - freeMs) / (tariff.periodMinutes * MS_PER_MINUTE));
}

/**
 * Prices a finished rental of `durationMs`. Pure: the same inputs always give the same breakdown.
 * See README.md for the model; in short: unlock fee + every started period after the free minutes,
 * each started 24-hour day's usage capped at dailyCap, the whole capped at maxCharge, then tax.
 */
export function priceRental(tariff: Tariff, durationMs: number, taxRule: TaxRule): PriceBreakdown {
  const valid = validateTariff(tariff);
  const rule = validateTaxRule(taxRule);
  assertDuration(durationMs);
  const { currency } = valid;
  const price = money(valid.pricePerPeriod, currency);
  const dailyCap = money(valid.dailyCap, currency);
  const maxCharge = money(valid.maxCharge, currency);
  const unlockFee = money(valid.unlockFee, currency);

  const chargedPeriods = periodsStartedBefore(valid, durationMs);
  const startedDays = Math.ceil(durationMs / MS_PER_DAY);
  const listUsage = multiply(price, chargedPeriods);

  // Days are counted from the start of the rental; a period belongs to the day in which it starts.
  const dayCharges: Money[] = [];
  for (let day = 0; day < startedDays; day += 1) {
    const periods =
      periodsStartedBefore(valid, Math.min((day + 1) * MS_PER_DAY, durationMs)) -
      periodsStartedBefore(valid, day * MS_PER_DAY);
    if (periods > 0) dayCharges.push(min(multiply(price, periods), dailyCap));
  }
  const usage = sum(dayCharges, currency);
  const dailyCapReduction = subtract(usage, listUsage);

  const subtotal = add(unlockFee, usage);
  const total = min(subtotal, maxCharge);
  const maxChargeReduction = subtract(total, subtotal);

  const lines: PriceLine[] = [
    { code: 'unlock_fee', amount: unlockFee },
    { code: 'usage', amount: listUsage, quantity: chargedPeriods },
  ];
  if (dailyCapReduction.amount < 0) lines.push({ code: 'daily_cap', amount: dailyCapReduction });
  if (maxChargeReduction.amount < 0) lines.push({ code: 'max_charge', amount: maxChargeReduction });

  const capped = compare(subtotal, maxCharge) > 0 ? 'max' : dailyCapReduction.amount < 0 ? 'daily' : null;
  const { net, tax, gross } = rule.included
    ? taxFromInclusive(total, rule.rateBasisPoints)
    : taxOnExclusive(total, rule.rateBasisPoints);

  return { currency, lines, net, tax, gross, capped, chargedPeriods, startedDays };
}
