import {
  add as dineroAdd,
  allocate as dineroAllocate,
  dinero,
  multiply as dineroMultiply,
  subtract as dineroSubtract,
  toSnapshot,
} from 'dinero.js';
import type { Dinero } from 'dinero.js';
import { AppError } from '../errors.js';
import { CURRENCIES } from './currencies.js';

/**
 * An amount of money: an integer count of the currency's minor unit (pence, cents, yen) and its
 * ISO 4217 code. Plain data, so it crosses JSON, database rows and events unchanged; the arithmetic
 * below goes through dinero.js and never through floats.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export const moneyInvalid = (message: string, details?: Record<string, unknown>) =>
  new AppError('MONEY_INVALID', message, 400, details);

export const currencyMismatch = (left: string, right: string) =>
  new AppError('MONEY_CURRENCY_MISMATCH', `Cannot combine ${left} with ${right}`, 400, { left, right });

function assertCurrency(currency: string): void {
  if (!CURRENCIES.has(currency)) {
    throw moneyInvalid(`Unsupported currency ${JSON.stringify(currency)}`, { currency });
  }
}

function assertAmount(amount: number, currency: string): void {
  // Safe integers only: beyond 2^53 a number silently loses minor units.
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw moneyInvalid(
      `Amount must be a safe integer count of ${currency} minor units, got ${String(amount)}`,
      {
        amount: String(amount),
        currency,
      },
    );
  }
}

/** Builds a Money value, rejecting non-integer amounts and unsupported currencies (MONEY_INVALID). */
export function money(amount: number, currency: string): Money {
  assertCurrency(currency);
  assertAmount(amount, currency);
  // Normalise -0 so that equal amounts are structurally equal.
  return { amount: amount === 0 ? 0 : amount, currency };
}

/** Zero in the given currency. */
export function zero(currency: string): Money {
  return money(0, currency);
}

/** Re-validates a value that came from outside (JSON, a database row) as Money. */
export function assertMoney(value: Money): Money {
  return money(value.amount, value.currency);
}

function toDinero(value: Money): Dinero<number> {
  const checked = assertMoney(value);
  // assertMoney has proven the currency is in the table.
  const currency = CURRENCIES.get(checked.currency)!;
  return dinero({ amount: checked.amount, currency });
}

function fromDinero(value: Dinero<number>): Money {
  const { amount, currency, scale } = toSnapshot(value);
  if (scale !== currency.exponent) {
    // Only integer operands are accepted, so the scale never moves; this guards the invariant.
    throw moneyInvalid(`Result has scale ${scale}, expected ${currency.exponent}`, {
      currency: currency.code,
    });
  }
  return money(amount, currency.code);
}

function sameCurrency(left: Money, right: Money): void {
  if (left.currency !== right.currency) throw currencyMismatch(left.currency, right.currency);
}

/** left + right; both in the same currency. */
export function add(left: Money, right: Money): Money {
  sameCurrency(left, right);
  return fromDinero(dineroAdd(toDinero(left), toDinero(right)));
}

/** left − right; both in the same currency. The result may be negative. */
export function subtract(left: Money, right: Money): Money {
  sameCurrency(left, right);
  return fromDinero(dineroSubtract(toDinero(left), toDinero(right)));
}

/** value × factor, for an integer factor (quantities, counts of periods). */
export function multiply(value: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) {
    throw moneyInvalid(`Multiplier must be a safe integer, got ${String(factor)}`, {
      factor: String(factor),
    });
  }
  return fromDinero(dineroMultiply(toDinero(value), factor));
}

/** Sums amounts of one currency; an empty list sums to zero in `currency`. */
export function sum(values: readonly Money[], currency: string): Money {
  return values.reduce((total, value) => add(total, value), zero(currency));
}

/** -1, 0 or 1 as left is less than, equal to or greater than right. */
export function compare(left: Money, right: Money): -1 | 0 | 1 {
  sameCurrency(left, right);
  assertMoney(left);
  assertMoney(right);
  return left.amount < right.amount ? -1 : left.amount > right.amount ? 1 : 0;
}

export function equals(left: Money, right: Money): boolean {
  return compare(left, right) === 0;
}

/** The smallest of one or more amounts of the same currency. */
export function min(first: Money, ...rest: Money[]): Money {
  return rest.reduce((lowest, value) => (compare(value, lowest) < 0 ? value : lowest), assertMoney(first));
}

/** The largest of one or more amounts of the same currency. */
export function max(first: Money, ...rest: Money[]): Money {
  return rest.reduce((highest, value) => (compare(value, highest) > 0 ? value : highest), assertMoney(first));
}

export function isZero(value: Money): boolean {
  return assertMoney(value).amount === 0;
}

export function isNegative(value: Money): boolean {
  return assertMoney(value).amount < 0;
}

/**
 * Splits `value` in proportion to integer `ratios` without losing or creating a minor unit: the
 * shares always sum to `value`. Leftover units go one at a time to the largest ratios first (the
 * dinero.js rule), so a zero ratio always gets exactly zero.
 */
export function allocate(value: Money, ratios: readonly number[]): Money[] {
  if (ratios.length === 0) throw moneyInvalid('allocate needs at least one ratio');
  for (const ratio of ratios) {
    if (!Number.isSafeInteger(ratio) || ratio < 0) {
      throw moneyInvalid(`Ratios must be non-negative integers, got ${String(ratio)}`, {
        ratio: String(ratio),
      });
    }
  }
  if (!ratios.some((ratio) => ratio > 0)) throw moneyInvalid('allocate needs at least one positive ratio');
  // amount × ratio is computed inside dinero.js; keep it within the safe-integer range.
  const product = BigInt(Math.abs(assertMoney(value).amount)) * BigInt(Math.max(...ratios));
  if (product > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw moneyInvalid('Amount × ratio exceeds the safe-integer range; use smaller ratios');
  }
  return dineroAllocate(toDinero(value), [...ratios]).map(fromDinero);
}
