import { moneyInvalid, money, assertMoney } from './money.js';
import type { Money } from './money.js';

/** net + tax = gross, exactly, in one currency. */
export interface TaxBreakdown {
  readonly net: Money;
  readonly tax: Money;
  readonly gross: Money;
}

/** 100% in basis points: rates are integers, 2000 = 20%, 550 = 5.5%, 770 = 7.7%. */
export const BASIS_POINTS_PER_UNIT = 10_000;

function assertRate(rateBasisPoints: number): bigint {
  if (
    !Number.isSafeInteger(rateBasisPoints) ||
    rateBasisPoints < 0 ||
    rateBasisPoints > BASIS_POINTS_PER_UNIT
  ) {
    throw moneyInvalid(
      `Tax rate must be an integer number of basis points in 0..10000, got ${rateBasisPoints}`,
      {
        rateBasisPoints: String(rateBasisPoints),
      },
    );
  }
  return BigInt(rateBasisPoints);
}

/**
 * numerator / denominator rounded to the nearest integer, halves away from zero ("commercial"
 * rounding: half-up for the positive amounts of a charge, mirrored for a refund). Exact: bigint.
 */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

/**
 * Splits a tax-inclusive price into net and tax: tax = gross × rate / (1 + rate), rounded half-up
 * to the minor unit, and net = gross − tax, so the parts always sum to the gross.
 */
export function taxFromInclusive(gross: Money, rateBasisPoints: number): TaxBreakdown {
  const checked = assertMoney(gross);
  const rate = assertRate(rateBasisPoints);
  const tax = divideRoundHalfUp(BigInt(checked.amount) * rate, BigInt(BASIS_POINTS_PER_UNIT) + rate);
  return {
    net: money(checked.amount - Number(tax), checked.currency),
    tax: money(Number(tax), checked.currency),
    gross: checked,
  };
}

/**
 * Adds tax to a net price: tax = net × rate, rounded half-up to the minor unit, and
 * gross = net + tax, so the parts always sum to the gross.
 */
export function taxOnExclusive(net: Money, rateBasisPoints: number): TaxBreakdown {
  const checked = assertMoney(net);
  const rate = assertRate(rateBasisPoints);
  const tax = divideRoundHalfUp(BigInt(checked.amount) * rate, BigInt(BASIS_POINTS_PER_UNIT));
  return {
    net: checked,
    tax: money(Number(tax), checked.currency),
    gross: money(checked.amount + Number(tax), checked.currency),
  };
}
