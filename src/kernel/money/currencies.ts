import type { DineroCurrency } from 'dinero.js';
import { CHF, CZK, DKK, EUR, GBP, JPY, NOK, PLN, SEK, USD } from 'dinero.js/currencies';

/**
 * The currencies the network can charge in, with their ISO 4217 minor-unit exponent (JPY has none:
 * 1 yen is the smallest amount). The definitions come from dinero.js so the exponents track ISO 4217;
 * adding a currency here is a deliberate product decision, not an automatic consequence of the library.
 */
const SUPPORTED: readonly DineroCurrency<number>[] = [GBP, EUR, USD, JPY, CHF, SEK, NOK, PLN, CZK, DKK];

export const CURRENCIES: ReadonlyMap<string, DineroCurrency<number>> = new Map(
  SUPPORTED.map((currency) => [currency.code, currency]),
);

/** ISO 4217 codes the network supports, in a stable order. */
export const SUPPORTED_CURRENCY_CODES: readonly string[] = SUPPORTED.map((currency) => currency.code);

export function isSupportedCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** The number of decimal digits of the currency's minor unit (2 for GBP, 0 for JPY). */
export function minorUnitExponent(code: string): number | undefined {
  return CURRENCIES.get(code)?.exponent;
}
