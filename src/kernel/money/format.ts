import { CURRENCIES } from './currencies.js';
import { assertMoney } from './money.js';
import type { Money } from './money.js';

/**
 * The amount as an exact decimal string in major units ("12.05", "-0.50", "1500" for JPY), built
 * from the integer digits so no float ever touches it.
 */
export function toDecimalString(value: Money): string {
  const { amount, currency } = assertMoney(value);
  const exponent = CURRENCIES.get(currency)!.exponent;
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = amount < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Formats money for people with Intl.NumberFormat in the given BCP 47 locale ("£12.05",
 * "12,05 €", "￥1,500"). Always shows exactly the currency's minor digits: none for JPY.
 */
export function formatMoney(value: Money, locale: string): string {
  const { currency } = assertMoney(value);
  const exponent = CURRENCIES.get(currency)!.exponent;
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat formats decimal strings exactly (ECMA-402 NumberFormat v3, Node >= 19).
  return formatter.format(toDecimalString(value) as `${number}`);
}
