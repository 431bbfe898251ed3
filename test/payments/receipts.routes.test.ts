import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../src/kernel/money/index.js';
import { priceRental, type Tariff, type TaxRule } from '../../src/modules/pricing/index.js';
import { newRider } from './payments.harness.js';
import { as, ops, paymentsHttp, type PaymentsHttp } from './payments.http.js';

const tariff = (currency: string, scale: number): Tariff => ({
  currency,
  unlockFee: 100 * scale,
  freeMinutes: 0,
  periodMinutes: 30,
  pricePerPeriod: 150 * scale,
  dailyCap: 2000 * scale,
  maxCharge: 3000 * scale,
});

describe('receipts, payments and refunds over HTTP', () => {
  let fx: PaymentsHttp;
  beforeAll(async () => {
    fx = await paymentsHttp();
  });
  afterAll(() => fx.close());

  /** A rider who rented for 75 minutes (3 started periods) and was charged in `currency`. */
  async function rentedAndPaid(currency: string, scale: number, tax: TaxRule, locale?: string) {
    const rider = newRider();
    await fx.addCard(rider);
    const payment = await fx.payments.authorizeHold({
      riderId: rider,
      amount: money(3000 * scale, currency),
      reference: `rental:rnt_${rider}`,
      idempotencyKey: `hold-${rider}`,
    });
    const breakdown = priceRental(tariff(currency, scale), 75 * 60_000, tax);
    const { receipt } = await fx.payments.settle({
      paymentId: payment.id,
      breakdown,
      context: { startStation: 'Gare du Nord', durationMinutes: 75, startedAt: '2026-03-02T09:00:00.000Z' },
      idempotencyKey: `settle-${rider}`,
      pricing: { periodMinutes: 30, taxRateBasisPoints: tax.rateBasisPoints },
    });
    return {
      rider,
      payment,
      receipt: receipt!,
      get: (acceptLanguage?: string) =>
        fx.app.inject({
          method: 'GET',
          url: `/v1/me/receipts/${receipt!.id}`,
          headers: { ...as(rider, locale), ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) },
        }),
    };
  }

  it('renders a EUR receipt in French: TVA 20 %, comma decimals, tax included', async () => {
    // Accept-Language decides; a header naming no language we speak falls back to the rider's profile.
    const { get } = await rentedAndPaid('EUR', 1, { rateBasisPoints: 2000, included: true }, 'fr-FR');
    expect((await get('de-DE')).headers['content-language']).toBe('de-DE');
    const res = await get('pt-BR');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('fr-FR');
    const { rendered, breakdown } = res.json();
    expect(breakdown.gross).toEqual({ amount: 550, currency: 'EUR' });
    expect(rendered.title).toBe('Reçu');
    expect(rendered.lines.map((l: { label: string }) => l.label)).toEqual([
      'Frais de déverrouillage',
      'Utilisation (3 × 30 min)',
    ]);
    expect(rendered.lines[0].amount).toBe('1,00\u00a0€');
    expect(rendered.tax).toEqual({ label: 'TVA 20\u00a0%', amount: '0,92\u00a0€', included: true });
    expect(rendered.subtotal).toBeUndefined();
    expect(rendered.total).toEqual({ label: 'Total TTC', amount: '5,50\u00a0€' });
    expect(rendered.context).toContainEqual({
      key: 'startStation',
      label: 'Retrait à',
      value: 'Gare du Nord',
    });
    expect(rendered.context).toContainEqual({ key: 'durationMinutes', label: 'Durée', value: '75 min' });
  });

  it('renders a JPY receipt in Japanese with no decimals and 消費税 10%', async () => {
    const { get } = await rentedAndPaid('JPY', 1, { rateBasisPoints: 1000, included: true }, 'ja-JP');
    const { rendered } = (await get()).json();
    expect(rendered.title).toBe('領収書');
    expect(rendered.lines[1]).toMatchObject({ label: '利用料金（3 × 30 分）', amount: '￥450' });
    expect(rendered.tax).toMatchObject({ label: '消費税 10%', amount: '￥50' });
    expect(rendered.total.amount).toBe('￥550');
  });

  it('renders a USD receipt in en-US with sales tax added on top of a subtotal', async () => {
    const { get } = await rentedAndPaid('USD', 1, { rateBasisPoints: 800, included: false }, 'en-US');
    const { rendered, breakdown } = (await get()).json();
    expect(breakdown.net.amount).toBe(550);
    expect(rendered.subtotal).toEqual({ label: 'Subtotal', amount: '$5.50' });
    expect(rendered.tax).toEqual({ label: 'Sales tax 8%', amount: '$0.44', included: false });
    expect(rendered.total).toEqual({ label: 'Total', amount: '$5.94' });
  });

  it('lists my receipts and payments; another rider’s receipt is 404 and their lists are empty', async () => {
    const { rider, receipt, payment } = await rentedAndPaid('GBP', 1, {
      rateBasisPoints: 2000,
      included: true,
    });
    const mine = await fx.app.inject({ method: 'GET', url: '/v1/me/receipts', headers: as(rider) });
    expect(mine.json().items.map((r: { id: string }) => r.id)).toEqual([receipt.id]);
    const pays = await fx.app.inject({ method: 'GET', url: '/v1/me/payments', headers: as(rider) });
    expect(pays.json().items).toMatchObject([
      { id: payment.id, status: 'captured', captured: { amount: 550 } },
    ]);

    const intruder = newRider();
    const theirs = await fx.app.inject({
      method: 'GET',
      url: `/v1/me/receipts/${receipt.id}`,
      headers: as(intruder),
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('PAYMENT_RECEIPT_NOT_FOUND');
    for (const url of ['/v1/me/receipts', '/v1/me/payments']) {
      expect((await fx.app.inject({ method: 'GET', url, headers: as(intruder) })).json().items).toEqual([]);
    }
  });

  it('ops refund a payment partially, idempotently, never beyond what was captured', async () => {
    const { payment } = await rentedAndPaid('GBP', 1, { rateBasisPoints: 2000, included: true });
    const url = `/v1/ops/payments/${payment.id}/refunds`;
    const refund = (amount: number, key?: string) =>
      fx.app.inject({
        method: 'POST',
        url,
        headers: { ...ops, ...(key ? { 'idempotency-key': key } : {}) },
        payload: { amount, reason: 'power bank was faulty' },
      });
    const missingKey = await refund(100);
    expect(missingKey.statusCode).toBe(400);
    expect(missingKey.json().errors[0].field).toContain('idempotency-key');
    const first = await refund(200, 'r-1');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ amount: { amount: 200, currency: 'GBP' }, status: 'succeeded' });
    expect((await refund(200, 'r-1')).json().id).toBe(first.json().id);
    expect((await refund(300, 'r-1')).json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    const over = await refund(351, 'r-2');
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('PAYMENT_REFUND_EXCEEDS');
    const bad = await refund(-5, 'r-3');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body/amount');
    const shown = await fx.app.inject({ method: 'GET', url: `/v1/ops/payments/${payment.id}`, headers: ops });
    expect(shown.json()).toMatchObject({
      status: 'partially_refunded',
      refunded: { amount: 200 },
      refunds: [{ id: first.json().id }],
    });
    expect((await fx.app.inject({ method: 'GET', url: `/v1/ops/payments/${payment.id}` })).statusCode).toBe(
      401,
    );
    expect(
      (await fx.app.inject({ method: 'GET', url: '/v1/ops/payments/pay_01NOPE', headers: ops })).statusCode,
    ).toBe(404);
  });
});
