import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import {
  gbpPrice,
  newRider,
  paymentsHarness,
  type PaymentsHarness,
} from '../../../test/payments/payments.harness.js';

describe.each(testDialects())('refunds on %s', (dialect) => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await paymentsHarness(dialect);
  });
  afterAll(() => h.drop());

  /** A captured payment of `gross` (hold 1000, so above 1000 it spans a capture and an off-session charge). */
  async function captured(gross: number): Promise<string> {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1000);
    await h.payments.settle({ paymentId, breakdown: gbpPrice(gross), context: {}, idempotencyKey: 's' });
    return paymentId;
  }
  const refund = (paymentId: string, amount: number, key: string) =>
    h.payments.refunds.refund({ paymentId, amount, reason: 'station fault', idempotencyKey: key });

  it('refunds partially, then the rest, reversing exactly the tax taken', async () => {
    const paymentId = await captured(1500); // tax 250
    const first = await refund(paymentId, 333, `${paymentId}-a`);
    expect(first).toMatchObject({ status: 'succeeded', amount: { amount: 333 }, reason: 'station fault' });
    expect(await h.payments.get(paymentId)).toMatchObject({
      status: 'partially_refunded',
      refunded: { amount: 333 },
    });
    const second = await refund(paymentId, 1167, `${paymentId}-b`);
    expect(first.tax.amount + second.tax.amount).toBe(250);
    expect(await h.payments.get(paymentId)).toMatchObject({ status: 'refunded', refunded: { amount: 1500 } });
    const entries = await h.payments.ledger.entriesFor(paymentId);
    const sumOf = (account: string) =>
      entries.filter((e) => e.account === account).reduce((s, e) => s + e.amount, 0);
    expect(sumOf('processor')).toBe(0);
    expect(sumOf('tax_payable')).toBe(0);
    expect(sumOf('revenue')).toBe(0);
  });

  it('refunds in full in one go', async () => {
    const paymentId = await captured(800);
    const r = await refund(paymentId, 800, `${paymentId}-full`);
    expect(r.tax.amount).toBe(gbpPrice(800).tax.amount);
    expect(await h.payments.get(paymentId)).toMatchObject({ status: 'refunded' });
  });

  it('never refunds more than captured minus refunded (409 PAYMENT_REFUND_EXCEEDS), even concurrently', async () => {
    const paymentId = await captured(1000);
    await expect(refund(paymentId, 1001, `${paymentId}-over`)).rejects.toMatchObject({
      code: 'PAYMENT_REFUND_EXCEEDS',
      status: 409,
    });
    const racing = await Promise.allSettled([
      refund(paymentId, 600, `${paymentId}-r1`),
      refund(paymentId, 600, `${paymentId}-r2`),
    ]);
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((racing.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'PAYMENT_REFUND_EXCEEDS',
    });
    expect(await h.payments.get(paymentId)).toMatchObject({ refunded: { amount: 600 } });
  });

  it('is idempotent by key: same key → same refund; same key, other amount → 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const paymentId = await captured(1000);
    const [a, b] = await Promise.all([
      refund(paymentId, 200, `${paymentId}-k`),
      refund(paymentId, 200, `${paymentId}-k`),
    ]);
    expect(b.id).toBe(a.id);
    expect((await refund(paymentId, 200, `${paymentId}-k`)).id).toBe(a.id);
    await expect(refund(paymentId, 300, `${paymentId}-k`)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 409,
    });
    expect(await h.payments.get(paymentId)).toMatchObject({ refunded: { amount: 200 } });
    expect(await h.payments.refunds.listForPayment(paymentId)).toHaveLength(1);
  });

  it('refunds across the hold capture and the off-session charge', async () => {
    const paymentId = await captured(1600);
    await refund(paymentId, 1200, `${paymentId}-span`);
    await refund(paymentId, 400, `${paymentId}-rest`);
    expect(await h.payments.get(paymentId)).toMatchObject({ status: 'refunded', refunded: { amount: 1600 } });
  });

  it('refuses refunds of a payment that captured nothing', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1000);
    await expect(refund(paymentId, 100, `${paymentId}-held`)).rejects.toMatchObject({
      code: 'PAYMENT_NOT_REFUNDABLE',
    });
    await expect(refund('pay_nope', 100, 'nope')).rejects.toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
    await expect(refund(paymentId, 0, 'zero')).rejects.toMatchObject({ status: 400 });
  });

  it('keeps every ledger group balanced and processor = captured − refunded over all payments', async () => {
    for (const g of await h.payments.ledger.groupTotals()) expect(g.total).toBe(0);
    const rows = await h.database.db
      .selectFrom('payments_payments')
      .select(['captured_amount', 'refunded_amount'])
      .execute();
    const net = rows.reduce(
      (s: number, r: { captured_amount: number; refunded_amount: number }) =>
        s + Number(r.captured_amount) - Number(r.refunded_amount),
      0,
    );
    expect((await h.payments.ledger.balance('processor', 'GBP')).amount).toBe(net);
  });
});
