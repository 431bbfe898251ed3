import { t, type Locale, type MessageKey } from '../../kernel/i18n/index.js';
import { formatMoney, money } from '../../kernel/money/index.js';
import type { PriceLine } from '../pricing/index.js';
import type { StoredReceipt } from './receipts.repository.js';

export interface RenderedLine {
  code: string;
  label: string;
  amount: string;
}

/** A receipt as a rider reads it, in one locale: labels translated, amounts formatted. */
export interface RenderedReceipt {
  locale: Locale;
  title: string;
  lines: RenderedLine[];
  /** Present when tax is added on top of the lines (US sales tax); absent when prices include it. */
  subtotal?: { label: string; amount: string };
  tax: { label: string; amount: string; included: boolean };
  total: { label: string; amount: string };
  context: { key: string; label: string; value: string }[];
}

const CONTEXT_LABELS: Record<string, MessageKey> = {
  startStation: 'payments.receipt.context.startStation',
  endStation: 'payments.receipt.context.endStation',
  startedAt: 'payments.receipt.context.startedAt',
  endedAt: 'payments.receipt.context.endedAt',
  durationMinutes: 'payments.receipt.context.durationMinutes',
};

function lineLabel(line: PriceLine, locale: Locale, periodMinutes: number | undefined): string {
  if (line.code === 'usage') {
    const count = line.quantity ?? 0;
    return periodMinutes
      ? t(locale, 'payments.receipt.line.usage.period', { count, minutes: periodMinutes })
      : t(locale, 'payments.receipt.line.usage', { count });
  }
  return t(locale, `payments.receipt.line.${line.code}`);
}

function taxLabel(locale: Locale, rateBasisPoints: number | undefined): string {
  if (rateBasisPoints === undefined) return t(locale, 'payments.receipt.tax.noRate');
  // A display value only (never money): 2000 bp → 0.2 → "20%", "20 %", 550 bp → "5.5%".
  const rate = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    rateBasisPoints / 10_000,
  );
  return t(locale, 'payments.receipt.tax', { rate });
}

function contextValue(key: string, value: string | number, locale: Locale, timeZone: string): string {
  if (key === 'durationMinutes' && typeof value === 'number') {
    return t(locale, 'payments.receipt.duration', { minutes: value });
  }
  if (
    (key === 'startedAt' || key === 'endedAt') &&
    typeof value === 'string' &&
    !Number.isNaN(Date.parse(value))
  ) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
      new Date(value),
    );
  }
  return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
}

/**
 * Renders a receipt in a locale. Whether tax was included is read from the breakdown itself: the
 * lines sum to the gross when prices include tax, to the net when it is added on top. A context
 * `timeZone` (IANA) sets how times print; otherwise UTC.
 */
export function renderReceipt(receipt: StoredReceipt, locale: Locale): RenderedReceipt {
  const { breakdown, pricing } = receipt;
  const fmt = (amount: number) => formatMoney(money(amount, breakdown.currency), locale);
  const linesTotal = breakdown.lines.reduce((s, l) => s + l.amount.amount, 0);
  const included = linesTotal === breakdown.gross.amount;
  const timeZone = typeof receipt.context.timeZone === 'string' ? receipt.context.timeZone : 'UTC';
  return {
    locale,
    title: t(
      locale,
      pricing?.kind === 'purchase' ? 'payments.receipt.title.purchase' : 'payments.receipt.title',
    ),
    lines: breakdown.lines.map((line) => ({
      code: line.code,
      label: lineLabel(line, locale, pricing?.periodMinutes),
      amount: fmt(line.amount.amount),
    })),
    ...(included
      ? {}
      : { subtotal: { label: t(locale, 'payments.receipt.subtotal'), amount: fmt(breakdown.net.amount) } }),
    tax: {
      label: taxLabel(locale, pricing?.taxRateBasisPoints),
      amount: fmt(breakdown.tax.amount),
      included,
    },
    total: { label: t(locale, 'payments.receipt.total'), amount: fmt(breakdown.gross.amount) },
    context: Object.entries(receipt.context)
      .filter(([key]) => key !== 'timeZone')
      .map(([key, value]) => ({
        key,
        label: CONTEXT_LABELS[key] ? t(locale, CONTEXT_LABELS[key]) : key,
        value: contextValue(key, value, locale, timeZone),
      })),
  };
}
