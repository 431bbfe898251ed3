import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../errors.js';
import { SUPPORTED_CURRENCY_CODES, add, money, taxFromInclusive, taxOnExclusive } from './index.js';

describe('tax helpers', () => {
  it('adds 20% VAT to a net price', () => {
    const { net, tax, gross } = taxOnExclusive(money(1000, 'GBP'), 2000);
    expect([net.amount, tax.amount, gross.amount]).toEqual([1000, 200, 1200]);
  });

  it('extracts 20% VAT from a gross price (the VAT fraction 1/6)', () => {
    const { net, tax, gross } = taxFromInclusive(money(1200, 'GBP'), 2000);
    expect([net.amount, tax.amount, gross.amount]).toEqual([1000, 200, 1200]);
  });

  it('rounds the tax half up to the minor unit', () => {
    // 5 ¢ × 10% = 0.5 ¢ → 1 ¢ (the half goes up); 4 ¢ × 10% = 0.4 ¢ → 0.
    expect(taxOnExclusive(money(5, 'EUR'), 1000).tax.amount).toBe(1);
    expect(taxOnExclusive(money(4, 'EUR'), 1000).tax.amount).toBe(0);
    // 105 ¢ including 5%: 105 × 500 / 10500 = 5 exactly.
    expect(taxFromInclusive(money(105, 'EUR'), 500).tax.amount).toBe(5);
    // Yen including 10%: 33 → 3; 16 → 1.45 → 1; 17 → 1.55 → 2.
    expect(taxFromInclusive(money(33, 'JPY'), 1000).tax.amount).toBe(3);
    expect(taxFromInclusive(money(16, 'JPY'), 1000).tax.amount).toBe(1);
    expect(taxFromInclusive(money(17, 'JPY'), 1000).tax.amount).toBe(2);
    // An exact half when extracting: 11 yen including 100% tax is 11 / 2 = 5.5 → 6.
    expect(taxFromInclusive(money(11, 'JPY'), 10_000).tax.amount).toBe(6);
  });

  it('mirrors rounding for negative amounts (refunds)', () => {
    expect(taxOnExclusive(money(-5, 'EUR'), 1000).tax.amount).toBe(-1);
    expect(taxFromInclusive(money(-17, 'JPY'), 1000).tax.amount).toBe(-2);
  });

  it('rejects rates that are not integer basis points in 0..10000', () => {
    for (const rate of [-1, 10_001, 20.5, Number.NaN]) {
      expect(() => taxOnExclusive(money(100, 'GBP'), rate)).toThrow(AppError);
      expect(() => taxFromInclusive(money(100, 'GBP'), rate)).toThrow(AppError);
    }
  });

  it('property: net + tax = gross exactly, tax within half a unit of the exact value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_CURRENCY_CODES),
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (currency, amount, rate, included) => {
          const m = money(amount, currency);
          const parts = included ? taxFromInclusive(m, rate) : taxOnExclusive(m, rate);
          expect(add(parts.net, parts.tax)).toEqual(parts.gross);
          expect(included ? parts.gross : parts.net).toEqual(m);
          // Exact tax is base × rate / denominator; |2 × (tax × denominator − base × rate)| <= denominator.
          const base = BigInt(included ? parts.gross.amount : parts.net.amount);
          const denominator = BigInt(included ? 10_000 + rate : 10_000);
          const error = 2n * (BigInt(parts.tax.amount) * denominator - base * BigInt(rate));
          expect(error <= denominator && error >= -denominator).toBe(true);
          if (amount >= 0) expect(parts.tax.amount).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
