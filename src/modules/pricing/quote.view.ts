import { formatMoney, money } from '../../kernel/money/index.js';
import { t, type Locale } from '../../kernel/i18n/index.js';
import { MS_PER_MINUTE, priceRental } from './price-rental.js';
import type { Quote } from './pricing.schemas.js';
import type { FrozenTariff } from './pricing.types.js';

/** Rentals a rider would typically compare: half an hour, an hour, an afternoon, a day. */
export const QUOTE_EXAMPLE_MINUTES = [30, 60, 180, 1440] as const;

/** A basis-point rate as an exact decimal fraction string (888 → "0.0888"), for Intl percent formatting. */
function rateFraction(basisPoints: number): `${number}` {
  const digits = String(basisPoints).padStart(5, '0');
  return `${digits.slice(0, -4)}.${digits.slice(-4)}` as `${number}`;
}

/** The tax rate for people: "20%", "8.88 %", "10%". */
export function formatRate(basisPoints: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    rateFraction(basisPoints),
  );
}

/**
 * The quote a rider sees for a station: the frozen tariff's terms in minor units, what typical
 * rentals cost (priced by priceRental, so a quote never disagrees with a receipt), and the same in
 * the rider's locale.
 */
export function buildQuote(stationId: string, frozen: FrozenTariff, locale: Locale): Quote {
  const { tariff, taxRule } = frozen;
  const fmt = (amount: number) => formatMoney(money(amount, tariff.currency), locale);
  const examples = QUOTE_EXAMPLE_MINUTES.map((minutes) => ({
    minutes,
    gross: priceRental(tariff, minutes * MS_PER_MINUTE, taxRule).gross.amount,
  }));
  const maxRentalHours = Math.floor(frozen.maxRentalMs / 3_600_000);
  const taxRate = formatRate(taxRule.rateBasisPoints, locale);
  return {
    stationId,
    country: frozen.country,
    currency: tariff.currency,
    tariffId: frozen.tariffId,
    version: frozen.version,
    unlockFee: tariff.unlockFee,
    freeMinutes: tariff.freeMinutes,
    periodMinutes: tariff.periodMinutes,
    pricePerPeriod: tariff.pricePerPeriod,
    dailyCap: tariff.dailyCap,
    maxCharge: tariff.maxCharge,
    maxRentalHours,
    holdAmount: frozen.holdAmount,
    taxRateBasisPoints: taxRule.rateBasisPoints,
    taxIncluded: taxRule.included,
    examples,
    display: {
      locale,
      unlockFee: fmt(tariff.unlockFee),
      pricePerPeriod: fmt(tariff.pricePerPeriod),
      dailyCap: fmt(tariff.dailyCap),
      maxCharge: fmt(tariff.maxCharge),
      holdAmount: fmt(frozen.holdAmount),
      taxRate,
      examples: examples.map((e) => ({ minutes: e.minutes, gross: fmt(e.gross) })),
      summary: t(locale, 'pricing.quote.summary', {
        unlockFee: fmt(tariff.unlockFee),
        pricePerPeriod: fmt(tariff.pricePerPeriod),
        periodMinutes: tariff.periodMinutes,
        freeMinutes: tariff.freeMinutes,
        dailyCap: fmt(tariff.dailyCap),
      }),
      tax: t(locale, taxRule.included ? 'pricing.quote.tax.included' : 'pricing.quote.tax.added', {
        taxRate,
      }),
      purchase: t(locale, 'pricing.quote.purchase', { maxRentalHours, maxCharge: fmt(tariff.maxCharge) }),
      hold: t(locale, 'pricing.quote.hold', { holdAmount: fmt(frozen.holdAmount) }),
    },
  };
}
