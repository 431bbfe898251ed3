import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.js';
import { formatMoney } from '../../kernel/money/index.js';
import { MAX_PRICEABLE_DURATION_MS, priceRental, validateTariff } from './index.js';
import type { Tariff, TaxRule } from './index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** London: £1 to unlock, 5 free minutes, £1 per started 30 minutes, £6 a day, £25 for the power bank. */
const gbp: Tariff = {
  currency: 'GBP',
  unlockFee: 100,
  freeMinutes: 5,
  periodMinutes: 30,
  pricePerPeriod: 100,
  dailyCap: 600,
  maxCharge: 2500,
};
const ukVat: TaxRule = { rateBasisPoints: 2000, included: true };

const gross = (durationMs: number, tariff: Tariff = gbp, rule: TaxRule = ukVat) =>
  priceRental(tariff, durationMs, rule).gross.amount;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
  return undefined;
}

describe('priceRental', () => {
  it('charges only the unlock fee within the free minutes', () => {
    expect(gross(0)).toBe(100);
    expect(gross(5 * MIN)).toBe(100);
    const breakdown = priceRental(gbp, 5 * MIN, ukVat);
    expect(breakdown.chargedPeriods).toBe(0);
    expect(breakdown.capped).toBeNull();
  });

  it('charges a full period as soon as it starts', () => {
    expect(gross(5 * MIN + 1)).toBe(200);
    expect(gross(35 * MIN)).toBe(200);
    expect(gross(35 * MIN + 1)).toBe(300);
  });

  it('caps each started 24-hour day at the daily cap', () => {
    const oneDay = priceRental(gbp, DAY, ukVat);
    expect(oneDay.chargedPeriods).toBe(48);
    expect(oneDay.gross.amount).toBe(700);
    expect(oneDay.capped).toBe('daily');
    expect(oneDay.lines).toEqual([
      { code: 'unlock_fee', amount: { amount: 100, currency: 'GBP' } },
      { code: 'usage', amount: { amount: 4800, currency: 'GBP' }, quantity: 48 },
      { code: 'daily_cap', amount: { amount: -4200, currency: 'GBP' } },
    ]);
  });

  it('starts a new day of charges with the first period that starts on that day', () => {
    // The period starting at 23:35 belongs to day 1; the next one starts at 24:05, on day 2.
    expect(gross(DAY + 1)).toBe(700);
    expect(gross(DAY + 5 * MIN)).toBe(700);
    expect(gross(DAY + 5 * MIN + 1)).toBe(800);
    expect(gross(2 * DAY)).toBe(1300);
    expect(gross(3 * DAY)).toBe(1900);
  });

  it('never charges more than the power bank', () => {
    const week = priceRental(gbp, 7 * DAY, ukVat);
    expect(week.gross.amount).toBe(2500);
    expect(week.capped).toBe('max');
    expect(week.lines.at(-1)).toEqual({ code: 'max_charge', amount: { amount: -1800, currency: 'GBP' } });
    expect(week.lines.reduce((total, line) => total + line.amount.amount, 0)).toBe(2500);
  });

  it('extracts included tax from the price', () => {
    const { net, tax, gross: total } = priceRental(gbp, 35 * MIN + 1, ukVat);
    expect([net.amount, tax.amount, total.amount]).toEqual([250, 50, 300]);
  });

  it('adds tax on top of a net tariff', () => {
    const usd: Tariff = { ...gbp, currency: 'USD' };
    const {
      net,
      tax,
      gross: total,
    } = priceRental(usd, 35 * MIN + 1, { rateBasisPoints: 888, included: false });
    // 300 × 8.88% = 26.64 → 27 cents (half up).
    expect([net.amount, tax.amount, total.amount]).toEqual([300, 27, 327]);
  });

  it('prices in yen without a minor unit', () => {
    const jpy: Tariff = {
      currency: 'JPY',
      unlockFee: 0,
      freeMinutes: 0,
      periodMinutes: 60,
      pricePerPeriod: 165,
      dailyCap: 495,
      maxCharge: 3300,
    };
    const breakdown = priceRental(jpy, 61 * MIN, { rateBasisPoints: 1000, included: true });
    expect(breakdown.gross).toEqual({ amount: 330, currency: 'JPY' });
    expect(breakdown.tax).toEqual({ amount: 30, currency: 'JPY' });
    expect(formatMoney(breakdown.gross, 'ja-JP')).toBe('￥330');
    expect(gross(DAY, jpy)).toBe(495);
  });

  it.each([-1, Number.NaN, Infinity, 1.5, MAX_PRICEABLE_DURATION_MS + 1])(
    'rejects the duration %s with PRICING_INVALID_DURATION',
    (durationMs) => {
      expect(codeOf(() => priceRental(gbp, durationMs, ukVat))).toBe('PRICING_INVALID_DURATION');
    },
  );

  it('prices the longest accepted duration', () => {
    expect(gross(MAX_PRICEABLE_DURATION_MS)).toBe(2500);
  });

  it('rejects an invalid tax rule', () => {
    expect(codeOf(() => priceRental(gbp, 0, { rateBasisPoints: 19.5, included: true }))).toBe(
      'PRICING_INVALID_TAX_RULE',
    );
  });
});

describe('validateTariff', () => {
  it('accepts a valid tariff', () => {
    expect(validateTariff({ ...gbp })).toEqual(gbp);
  });

  it.each([
    ['currency', { currency: 'XXX' }],
    ['currency', { currency: 1 }],
    ['unlockFee', { unlockFee: -1 }],
    ['unlockFee', { unlockFee: 2501 }],
    ['pricePerPeriod', { pricePerPeriod: 1.5 }],
    ['dailyCap', { dailyCap: '600' }],
    ['maxCharge', { maxCharge: 0 }],
    ['freeMinutes', { freeMinutes: Number.NaN }],
    ['periodMinutes', { periodMinutes: 0 }],
    ['periodMinutes', { periodMinutes: 1441 }],
  ])('names the bad field %s', (field, patch) => {
    let caught: unknown;
    try {
      validateTariff({ ...gbp, ...patch });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('PRICING_INVALID_TARIFF');
    expect((caught as AppError).details).toEqual({ field });
  });

  it('rejects a tariff that is not an object', () => {
    expect(codeOf(() => validateTariff(null))).toBe('PRICING_INVALID_TARIFF');
  });
});
