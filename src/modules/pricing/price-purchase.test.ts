import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SUPPORTED_CURRENCY_CODES, add } from '../../kernel/money/index.js';
import { MAX_PRICEABLE_DURATION_MS, pricePurchase, priceRental } from './index.js';
import { GB_TARIFF } from '../../../test/helpers/tariffs.js';
import type { Tariff } from './index.js';

const gbp: Tariff = GB_TARIFF;

describe('pricePurchase', () => {
  it('charges the power bank at maxCharge, VAT extracted when included', () => {
    const b = pricePurchase(gbp, { rateBasisPoints: 2000, included: true });
    expect(b.lines).toEqual([{ code: 'power_bank_purchase', amount: { amount: 2500, currency: 'GBP' } }]);
    expect([b.net.amount, b.tax.amount, b.gross.amount]).toEqual([2083, 417, 2500]);
    expect(b.currency).toBe('GBP');
  });

  it('adds sales tax on top when the region adds it', () => {
    const usd = { ...gbp, currency: 'USD', maxCharge: 3000 };
    const b = pricePurchase(usd, { rateBasisPoints: 888, included: false });
    // 3000 × 8.88 % = 266.4 → 266 cents.
    expect([b.net.amount, b.tax.amount, b.gross.amount]).toEqual([3000, 266, 3266]);
  });

  it('prices yen with no minor unit', () => {
    const jpy = {
      ...gbp,
      currency: 'JPY',
      unlockFee: 100,
      pricePerPeriod: 150,
      dailyCap: 800,
      maxCharge: 3000,
    };
    const b = pricePurchase(jpy, { rateBasisPoints: 1000, included: true });
    expect([b.net.amount, b.tax.amount, b.gross.amount]).toEqual([2727, 273, 3000]);
  });

  it('rejects an invalid tariff or tax rule', () => {
    expect(() => pricePurchase({ ...gbp, maxCharge: 0 }, { rateBasisPoints: 2000, included: true })).toThrow(
      expect.objectContaining({ code: 'PRICING_INVALID_TARIFF' }),
    );
    expect(() => pricePurchase(gbp, { rateBasisPoints: -1, included: true })).toThrow(
      expect.objectContaining({ code: 'PRICING_INVALID_TAX_RULE' }),
    );
  });

  it('property: equals the longest rental once the maximum applies, and its parts sum exactly', () => {
    const tariffArb = fc.record({
      currency: fc.constantFrom(...SUPPORTED_CURRENCY_CODES),
      unlockFee: fc.integer({ min: 0, max: 2_000 }),
      freeMinutes: fc.integer({ min: 0, max: 1_440 }),
      periodMinutes: fc.integer({ min: 1, max: 240 }),
      pricePerPeriod: fc.integer({ min: 100, max: 5_000 }),
      dailyCap: fc.integer({ min: 100, max: 20_000 }),
      maxCharge: fc.integer({ min: 2_000, max: 100_000 }),
    });
    const ruleArb = fc.record({
      rateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
      included: fc.boolean(),
    });
    fc.assert(
      fc.property(tariffArb, ruleArb, (tariff, rule) => {
        const purchase = pricePurchase(tariff, rule);
        expect(add(purchase.net, purchase.tax)).toEqual(purchase.gross);
        expect(purchase.lines.reduce((s, l) => s + l.amount.amount, 0)).toBe(
          rule.included ? purchase.gross.amount : purchase.net.amount,
        );
        // A rental long enough always reaches maxCharge: buying the bank is never dearer than renting it.
        const longest = priceRental(tariff, MAX_PRICEABLE_DURATION_MS, rule);
        expect(purchase.gross).toEqual(longest.gross);
        expect(purchase.tax).toEqual(longest.tax);
      }),
    );
  });
});
