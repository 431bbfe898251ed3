import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SUPPORTED_CURRENCY_CODES, add, formatMoney } from '../../kernel/money/index.js';
import { MAX_PRICEABLE_DURATION_MS, MS_PER_DAY, MS_PER_MINUTE, priceRental } from './index.js';
import type { PriceBreakdown, Tariff, TaxRule } from './index.js';

const tariffArb: fc.Arbitrary<Tariff> = fc
  .record({
    currency: fc.constantFrom(...SUPPORTED_CURRENCY_CODES),
    unlockFee: fc.integer({ min: 0, max: 2_000 }),
    freeMinutes: fc.integer({ min: 0, max: 1_440 }),
    periodMinutes: fc.oneof(fc.integer({ min: 1, max: 240 }), fc.constantFrom(15, 30, 60, 1_440)),
    pricePerPeriod: fc.integer({ min: 0, max: 5_000 }),
    dailyCap: fc.integer({ min: 0, max: 20_000 }),
    maxCharge: fc.integer({ min: 1, max: 100_000 }),
  })
  .map((t) => ({ ...t, unlockFee: Math.min(t.unlockFee, t.maxCharge) }));

const taxRuleArb: fc.Arbitrary<TaxRule> = fc.record({
  rateBasisPoints: fc.oneof(
    fc.constantFrom(0, 500, 800, 1000, 1900, 2000, 2100, 2500),
    fc.integer({ min: 0, max: 10_000 }),
  ),
  included: fc.boolean(),
});

const durationArb = fc.oneof(
  fc.integer({ min: 0, max: 3 * MS_PER_DAY }),
  fc.integer({ min: 0, max: 60 * MS_PER_DAY }),
  fc.integer({ min: 0, max: MAX_PRICEABLE_DURATION_MS }),
);

/** What the rider pays in tariff terms: the gross when tax is included, the net when it is added. */
const charged = (b: PriceBreakdown, rule: TaxRule) => (rule.included ? b.gross : b.net).amount;

/** An independent oracle: walk every started period, bucket it by the day it starts in, apply the caps. */
function naivePrice(tariff: Tariff, durationMs: number): number {
  const perDay = new Map<number, number>();
  const periodMs = tariff.periodMinutes * MS_PER_MINUTE;
  for (let start = tariff.freeMinutes * MS_PER_MINUTE; start < durationMs; start += periodMs) {
    const day = Math.floor(start / MS_PER_DAY);
    perDay.set(day, (perDay.get(day) ?? 0) + tariff.pricePerPeriod);
  }
  let usage = 0;
  for (const dayTotal of perDay.values()) usage += Math.min(dayTotal, tariff.dailyCap);
  return Math.min(tariff.unlockFee + usage, tariff.maxCharge);
}

describe('priceRental properties', () => {
  it('is never negative', () => {
    fc.assert(
      fc.property(tariffArb, durationArb, taxRuleArb, (tariff, durationMs, rule) => {
        const b = priceRental(tariff, durationMs, rule);
        expect(b.net.amount).toBeGreaterThanOrEqual(0);
        expect(b.tax.amount).toBeGreaterThanOrEqual(0);
        expect(b.gross.amount).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never exceeds the maximum charge (gross when tax is included, net when it is added)', () => {
    fc.assert(
      fc.property(tariffArb, durationArb, taxRuleArb, (tariff, durationMs, rule) => {
        const b = priceRental(tariff, durationMs, rule);
        expect(charged(b, rule)).toBeLessThanOrEqual(tariff.maxCharge);
        expect(b.capped === 'max').toBe(
          charged(b, rule) === tariff.maxCharge && b.lines.some((l) => l.code === 'max_charge'),
        );
      }),
    );
  });

  it('never exceeds unlockFee + dailyCap × ceil(duration / 24h)', () => {
    fc.assert(
      fc.property(tariffArb, durationArb, taxRuleArb, (tariff, durationMs, rule) => {
        const b = priceRental(tariff, durationMs, rule);
        const startedDays = Math.ceil(durationMs / MS_PER_DAY);
        expect(b.startedDays).toBe(startedDays);
        expect(charged(b, rule)).toBeLessThanOrEqual(tariff.unlockFee + tariff.dailyCap * startedDays);
      }),
    );
  });

  it('is non-decreasing in duration', () => {
    fc.assert(
      fc.property(tariffArb, durationArb, durationArb, taxRuleArb, (tariff, a, b, rule) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        const first = priceRental(tariff, shorter, rule);
        const second = priceRental(tariff, longer, rule);
        expect(charged(first, rule)).toBeLessThanOrEqual(charged(second, rule));
        expect(first.gross.amount).toBeLessThanOrEqual(second.gross.amount);
      }),
    );
  });

  it('is non-decreasing across one extra millisecond (period and day boundaries)', () => {
    const boundaryArb = tariffArb.chain((tariff) =>
      fc.tuple(
        fc.constant(tariff),
        fc.oneof(
          fc
            .integer({ min: 0, max: 20 })
            .map((k) => (tariff.freeMinutes + k * tariff.periodMinutes) * MS_PER_MINUTE),
          fc.integer({ min: 1, max: 10 }).map((d) => d * MS_PER_DAY),
        ),
        fc.integer({ min: -1, max: 1 }),
      ),
    );
    fc.assert(
      fc.property(boundaryArb, taxRuleArb, ([tariff, boundary, shift], rule) => {
        const at = Math.max(0, boundary + shift);
        expect(priceRental(tariff, at, rule).gross.amount).toBeLessThanOrEqual(
          priceRental(tariff, at + 1, rule).gross.amount,
        );
      }),
    );
  });

  it('splits tax exactly and its lines add up to the charged total', () => {
    fc.assert(
      fc.property(tariffArb, durationArb, taxRuleArb, (tariff, durationMs, rule) => {
        const b = priceRental(tariff, durationMs, rule);
        expect(add(b.net, b.tax)).toEqual(b.gross);
        expect(b.lines.reduce((total, line) => total + line.amount.amount, 0)).toBe(charged(b, rule));
        for (const line of [...b.lines, { amount: b.net }, { amount: b.tax }, { amount: b.gross }]) {
          expect(line.amount.currency).toBe(tariff.currency);
          expect(Number.isSafeInteger(line.amount.amount)).toBe(true);
        }
      }),
    );
  });

  it('charges only the unlock fee within the free minutes', () => {
    fc.assert(
      fc.property(tariffArb, fc.double({ min: 0, max: 1, noNaN: true }), taxRuleArb, (tariff, f, rule) => {
        const durationMs = Math.floor(f * tariff.freeMinutes * MS_PER_MINUTE);
        expect(charged(priceRental(tariff, durationMs, rule), rule)).toBe(tariff.unlockFee);
      }),
    );
  });

  it('agrees with a period-by-period oracle', () => {
    fc.assert(
      fc.property(
        tariffArb,
        fc.integer({ min: 0, max: 5 * MS_PER_DAY }),
        taxRuleArb,
        (tariff, durationMs, rule) => {
          expect(charged(priceRental(tariff, durationMs, rule), rule)).toBe(naivePrice(tariff, durationMs));
        },
      ),
    );
  });

  it('gives yen amounts that format with no minor unit', () => {
    fc.assert(
      fc.property(
        tariffArb.map((t) => ({ ...t, currency: 'JPY' })),
        durationArb,
        taxRuleArb,
        fc.constantFrom('ja-JP', 'en-US', 'en-GB', 'de-DE', 'fr-FR'),
        (tariff, durationMs, rule, locale) => {
          const b = priceRental(tariff, durationMs, rule);
          for (const value of [b.net, b.tax, b.gross]) {
            expect(Number.isInteger(value.amount)).toBe(true);
            expect(formatMoney(value, locale).replace(/\D/g, '')).toBe(String(value.amount));
          }
        },
      ),
    );
  });
});
