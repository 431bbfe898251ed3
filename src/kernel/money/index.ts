export type { Money } from './money.js';
export {
  add,
  allocate,
  assertMoney,
  compare,
  currencyMismatch,
  equals,
  isNegative,
  isZero,
  max,
  min,
  money,
  moneyInvalid,
  multiply,
  subtract,
  sum,
  zero,
} from './money.js';
export {
  CURRENCIES,
  SUPPORTED_CURRENCY_CODES,
  isSupportedCurrency,
  minorUnitExponent,
} from './currencies.js';
export { formatMoney, toDecimalString } from './format.js';
export type { TaxBreakdown } from './tax.js';
export { BASIS_POINTS_PER_UNIT, taxFromInclusive, taxOnExclusive } from './tax.js';
