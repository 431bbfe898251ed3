import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../errors.js';
import {
  SUPPORTED_CURRENCY_CODES,
  add,
  allocate,
  compare,
  max,
  min,
  minorUnitExponent,
  money,
  multiply,
  subtract,
  sum,
  zero,
} from './index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
  return undefined;
}

describe('currency table', () => {
  it('knows the minor-unit exponents', () => {
    expect(minorUnitExponent('GBP')).toBe(2);
    expect(minorUnitExponent('EUR')).toBe(2);
    expect(minorUnitExponent('USD')).toBe(2);
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('CHF')).toBe(2);
    expect(minorUnitExponent('SEK')).toBe(2);
    expect(minorUnitExponent('PLN')).toBe(2);
    expect(minorUnitExponent('CZK')).toBe(2);
    expect(minorUnitExponent('DKK')).toBe(2);
    expect(minorUnitExponent('XXX')).toBeUndefined();
  });
});

describe('money()', () => {
  it('accepts integer minor units of a supported currency', () => {
    expect(money(1250, 'GBP')).toEqual({ amount: 1250, currency: 'GBP' });
    expect(money(-5, 'JPY')).toEqual({ amount: -5, currency: 'JPY' });
    expect(Object.is(money(-0, 'EUR').amount, 0)).toBe(true);
  });

  it.each([1.5, Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1])(
    'rejects the amount %s with MONEY_INVALID',
    (amount) => {
      expect(codeOf(() => money(amount, 'GBP'))).toBe('MONEY_INVALID');
    },
  );

  it('rejects unknown or badly cased currencies with MONEY_INVALID', () => {
    expect(codeOf(() => money(1, 'XYZ'))).toBe('MONEY_INVALID');
    expect(codeOf(() => money(1, 'gbp'))).toBe('MONEY_INVALID');
    expect(codeOf(() => money('1' as unknown as number, 'GBP'))).toBe('MONEY_INVALID');
  });
});

describe('arithmetic', () => {
  const gbp = (amount: number) => money(amount, 'GBP');

  it('adds, subtracts and multiplies by integers', () => {
    expect(add(gbp(150), gbp(275))).toEqual(gbp(425));
    expect(subtract(gbp(150), gbp(275))).toEqual(gbp(-125));
    expect(multiply(gbp(150), 3)).toEqual(gbp(450));
    expect(sum([gbp(1), gbp(2), gbp(3)], 'GBP')).toEqual(gbp(6));
    expect(sum([], 'JPY')).toEqual(zero('JPY'));
  });

  it('refuses fractional multipliers and mixed currencies', () => {
    expect(codeOf(() => multiply(gbp(100), 1.1))).toBe('MONEY_INVALID');
    expect(codeOf(() => add(gbp(1), money(1, 'EUR')))).toBe('MONEY_CURRENCY_MISMATCH');
    expect(codeOf(() => compare(gbp(1), money(1, 'JPY')))).toBe('MONEY_CURRENCY_MISMATCH');
  });

  it('refuses results beyond the safe-integer range', () => {
    expect(codeOf(() => add(gbp(Number.MAX_SAFE_INTEGER), gbp(1)))).toBe('MONEY_INVALID');
    expect(codeOf(() => multiply(gbp(Number.MAX_SAFE_INTEGER), 2))).toBe('MONEY_INVALID');
  });

  it('compares and picks min and max', () => {
    expect(compare(gbp(1), gbp(2))).toBe(-1);
    expect(compare(gbp(2), gbp(2))).toBe(0);
    expect(compare(gbp(3), gbp(2))).toBe(1);
    expect(min(gbp(5), gbp(-1), gbp(3))).toEqual(gbp(-1));
    expect(max(gbp(5), gbp(-1), gbp(3))).toEqual(gbp(5));
  });
});

describe('allocate', () => {
  it('splits without losing a penny, leftovers to the largest ratios', () => {
    expect(allocate(money(100, 'GBP'), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(5, 'JPY'), [70, 30]).map((m) => m.amount)).toEqual([4, 1]);
    expect(allocate(money(-100, 'EUR'), [1, 1, 1]).map((m) => m.amount)).toEqual([-34, -33, -33]);
    expect(allocate(money(7, 'USD'), [0, 1]).map((m) => m.amount)).toEqual([0, 7]);
  });

  it('rejects empty, negative, fractional and all-zero ratios', () => {
    for (const ratios of [[], [-1, 2], [0.5, 0.5], [0, 0]]) {
      expect(codeOf(() => allocate(money(100, 'GBP'), ratios))).toBe('MONEY_INVALID');
    }
  });
});

const currencyArb = fc.constantFrom(...SUPPORTED_CURRENCY_CODES);
const amountArb = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

describe('properties', () => {
  it('allocate always sums exactly to the amount and keeps every share at most one unit from its ideal', () => {
    fc.assert(
      fc.property(
        currencyArb,
        amountArb,
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)),
        (currency, amount, ratios) => {
          const shares = allocate(money(amount, currency), ratios);
          expect(shares).toHaveLength(ratios.length);
          expect(sum(shares, currency)).toEqual(money(amount, currency));
          const total = ratios.reduce((a, b) => a + b, 0);
          shares.forEach((share, i) => {
            expect(share.currency).toBe(currency);
            expect(Number.isInteger(share.amount)).toBe(true);
            if (ratios[i] === 0) expect(share.amount).toBe(0);
            // |share − amount × ratio / total| <= 1, checked in exact integers.
            const deviation = BigInt(share.amount) * BigInt(total) - BigInt(amount) * BigInt(ratios[i]!);
            expect(deviation <= BigInt(total) && deviation >= -BigInt(total)).toBe(true);
          });
        },
      ),
    );
  });

  it('add and subtract are inverse, commutative and exact', () => {
    fc.assert(
      fc.property(currencyArb, amountArb, amountArb, (currency, a, b) => {
        const x = money(a, currency);
        const y = money(b, currency);
        expect(add(x, y)).toEqual(add(y, x));
        expect(subtract(add(x, y), y)).toEqual(x);
        expect(add(x, y).amount).toBe(a + b);
      }),
    );
  });

  it('multiply by n equals n additions', () => {
    fc.assert(
      fc.property(currencyArb, amountArb, fc.integer({ min: 0, max: 50 }), (currency, a, n) => {
        const x = money(a, currency);
        expect(multiply(x, n)).toEqual(
          sum(
            Array.from({ length: n }, () => x),
            currency,
          ),
        );
      }),
    );
  });

  it('min/max agree with compare', () => {
    fc.assert(
      fc.property(currencyArb, amountArb, amountArb, (currency, a, b) => {
        const x = money(a, currency);
        const y = money(b, currency);
        expect(compare(min(x, y), max(x, y))).toBeLessThanOrEqual(0);
        expect(compare(x, y)).toBe(-compare(y, x) || 0);
      }),
    );
  });
});
