import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SUPPORTED_CURRENCY_CODES, formatMoney, minorUnitExponent, money, toDecimalString } from './index.js';

const LOCALES = ['en-GB', 'en-US', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'nl-NL', 'ja-JP'];

describe('formatting', () => {
  it('renders exact decimal strings', () => {
    expect(toDecimalString(money(1205, 'GBP'))).toBe('12.05');
    expect(toDecimalString(money(-50, 'EUR'))).toBe('-0.50');
    expect(toDecimalString(money(7, 'USD'))).toBe('0.07');
    expect(toDecimalString(money(1500, 'JPY'))).toBe('1500');
  });

  it('formats with Intl in the rider locale', () => {
    expect(formatMoney(money(1205, 'GBP'), 'en-GB')).toBe('£12.05');
    expect(formatMoney(money(1205, 'EUR'), 'de-DE')).toBe('12,05\u00a0€');
    expect(formatMoney(money(1500, 'JPY'), 'ja-JP')).toBe('￥1,500');
    expect(formatMoney(money(1500, 'JPY'), 'en-US')).toBe('¥1,500');
  });

  it('keeps every digit of large amounts (no float rounding)', () => {
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('property: JPY shows no minor unit, others show exactly their minor digits, in every locale', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_CURRENCY_CODES),
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.constantFrom(...LOCALES),
        (currency, amount, locale) => {
          const formatted = formatMoney(money(amount, currency), locale);
          const exponent = minorUnitExponent(currency)!;
          const digits = formatted.replace(/\D/g, '');
          // Only the amount's digits appear (currency symbols/codes have no digits): no added ".00" for JPY.
          expect(digits).toBe(
            Math.abs(amount)
              .toString()
              .padStart(exponent + 1, '0'),
          );
          if (currency === 'JPY') expect(formatted).not.toMatch(/\d[.,]\d{1,2}(?!\d)/);
        },
      ),
    );
  });
});
