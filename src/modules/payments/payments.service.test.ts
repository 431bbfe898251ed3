import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../kernel/money/index.js';
import { testDialects } from '../../../test/helpers/db.js';
import {
  gbpPrice,
  newRider,
  paymentsHarness,
  type PaymentsHarness,
} from '../../../test/payments/payments.harness.js';
import { SANDBOX_HOLD_TTL_MS } from './providers/sandbox/sandbox.provider.js';

const ctx = { startStation: 'The Crown', durationMinutes: 75 };

describe.each(testDialects())('rental payments on %s', (dialect) => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await paymentsHarness(dialect);
  });
  afterAll(() => h.drop());

  const settle = (paymentId: string, gross: number, key = `settle-${paymentId}`) =>
    h.payments.settle({ paymentId, breakdown: gbpPrice(gross), context: ctx, idempotencyKey: key });

  it('refuses a hold for a rider without a card (402 PAYMENT_NO_CARD)', async () => {
    const rider = newRider();
    expect(await h.payments.defaultCardId(rider)).toBeUndefined();
    await expect(h.hold(rider, 1000)).rejects.toMatchObject({ code: 'PAYMENT_NO_CARD', status: 402 });
  });

  it('holds on the default card; the same key returns the same payment', async () => {
    const rider = newRider();
    const cardId = await h.addCard(rider);
    expect(await h.payments.defaultCardId(rider)).toBe(cardId);
    const input = {
      riderId: rider,
      amount: money(1500, 'GBP'),
      reference: 'rental:rnt_a',
      idempotencyKey: 'k1',
    };
    const first = await h.payments.authorizeHold(input);
    const again = await h.payments.authorizeHold(input);
    expect(first).toMatchObject({
      status: 'authorized',
      cardId,
      authorized: { amount: 1500, currency: 'GBP' },
    });
    expect(again.id).toBe(first.id);
    expect(await h.payments.findByReference('rental:rnt_a')).toMatchObject({ id: first.id });
    await expect(h.payments.authorizeHold({ ...input, amount: money(1600, 'GBP') })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 409,
    });
  });

  it.each([
    ['declined', 'PAYMENT_DECLINED', 'failed'],
    ['insufficient_funds', 'PAYMENT_INSUFFICIENT_FUNDS', 'failed'],
    ['authentication_required', 'PAYMENT_AUTHENTICATION_REQUIRED', 'requires_action'],
    ['expired_card', 'PAYMENT_CARD_EXPIRED', 'failed'],
  ] as const)(
    'a hold on the %s test card fails with %s and leaves the payment %s',
    async (card, code, status) => {
      const rider = newRider();
      await h.addCard(rider, card);
      const input = {
        riderId: rider,
        amount: money(1000, 'GBP'),
        reference: 'rental:x',
        idempotencyKey: `k-${card}`,
      };
      const err = await h.payments.authorizeHold(input).catch((e: unknown) => e);
      expect(err).toMatchObject({ code, status: 402 });
      const paymentId = (err as { details: { paymentId: string } }).details.paymentId;
      expect(await h.payments.get(paymentId)).toMatchObject({ status, captured: { amount: 0 } });
      // Retrying with the same key gives the same answer and no second payment.
      await expect(h.payments.authorizeHold(input)).rejects.toMatchObject({ code });
      // Releasing a failed hold is a no-op; a requires_action one is released.
      const released = await h.payments.releaseHold(paymentId, 'r1');
      expect(released.status).toBe(status === 'requires_action' ? 'released' : 'failed');
    },
  );

  it.each([
    ['below', 700, 700],
    ['equal to', 1500, 1500],
    ['above', 2300, 2300],
  ])(
    'settles %s the hold: takes the price, writes the ledger, issues the receipt',
    async (_label, gross, taken) => {
      const rider = newRider();
      await h.addCard(rider);
      const paymentId = await h.hold(rider, 1500);
      const { payment, receipt } = await settle(paymentId, gross);
      expect(payment).toMatchObject({
        status: 'captured',
        captured: { amount: taken },
        refunded: { amount: 0 },
      });
      expect(receipt).toMatchObject({ paymentId, riderId: rider, currency: 'GBP', context: ctx });
      expect(receipt!.breakdown.gross).toEqual({ amount: gross, currency: 'GBP' });
      const entries = await h.payments.ledger.entriesFor(paymentId);
      const kinds = [...new Set(entries.map((e) => e.kind))];
      expect(kinds).toEqual(gross > 1500 ? ['capture', 'charge'] : ['capture']);
      const processor = entries.filter((e) => e.account === 'processor').reduce((s, e) => s + e.amount, 0);
      const tax = entries.filter((e) => e.account === 'tax_payable').reduce((s, e) => s + e.amount, 0);
      expect(processor).toBe(taken);
      expect(-tax).toBe(gbpPrice(gross).tax.amount);
    },
  );

  it('a zero price releases the hold with no receipt', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const { payment, receipt } = await settle(paymentId, 0);
    expect(payment.status).toBe('released');
    expect(receipt).toBeNull();
    expect(await h.payments.ledger.entriesFor(paymentId)).toEqual([]);
  });

  it('charges off-session when the hold expired (after seven days)', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    h.clock.advance(SANDBOX_HOLD_TTL_MS + 1000);
    const { payment, receipt } = await settle(paymentId, 1200);
    expect(payment).toMatchObject({ status: 'captured', captured: { amount: 1200 } });
    expect(receipt).not.toBeNull();
    expect(new Set((await h.payments.ledger.entriesFor(paymentId)).map((e) => e.kind))).toEqual(
      new Set(['charge']),
    );
  });

  it('falls back to an off-session charge when the capture meets an expired hold (test card)', async () => {
    const rider = newRider();
    await h.addCard(rider, 'hold_expires_at_once');
    const paymentId = await h.hold(rider, 1500);
    const { payment } = await settle(paymentId, 900);
    expect(payment).toMatchObject({ status: 'captured', captured: { amount: 900 } });
    expect(new Set((await h.payments.ledger.entriesFor(paymentId)).map((e) => e.kind))).toEqual(
      new Set(['charge']),
    );
  });

  it('settling twice with one key captures once and returns the first outcome', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const [a, b] = await Promise.all([settle(paymentId, 1100, 'same'), settle(paymentId, 1100, 'same')]);
    const c = await settle(paymentId, 1100, 'same');
    expect(a.receipt!.id).toBe(b.receipt!.id);
    expect(c.receipt!.id).toBe(a.receipt!.id);
    const processor = (await h.payments.ledger.entriesFor(paymentId)).filter(
      (e) => e.account === 'processor',
    );
    expect(processor.map((e) => e.amount)).toEqual([1100]);
  });

  it('of two concurrent settles with different keys only one moves money', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const outcomes = await Promise.allSettled([
      settle(paymentId, 1000, 'one'),
      settle(paymentId, 1200, 'two'),
    ]);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'PAYMENT_STATE_CONFLICT',
      status: 409,
    });
    const processor = (await h.payments.ledger.entriesFor(paymentId)).filter(
      (e) => e.account === 'processor',
    );
    expect(processor).toHaveLength(1);
  });

  it('refuses to release a captured payment; releasing twice is a no-op; a released hold cannot be settled', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const captured = await h.hold(rider, 1500);
    await settle(captured, 500);
    await expect(h.payments.releaseHold(captured, 'rel')).rejects.toMatchObject({
      code: 'PAYMENT_ALREADY_CAPTURED',
      status: 409,
    });
    const held = await h.hold(rider, 1500);
    expect((await h.payments.releaseHold(held, 'rel-1')).status).toBe('released');
    expect((await h.payments.releaseHold(held, 'rel-2')).status).toBe('released');
    await expect(settle(held, 500)).rejects.toMatchObject({ code: 'PAYMENT_STATE_CONFLICT' });
    await expect(h.payments.releaseHold('pay_missing', 'x')).rejects.toMatchObject({
      code: 'PAYMENT_NOT_FOUND',
    });
  });

  it('rejects a price in another currency, writing nothing', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const eur = { ...gbpPrice(500), gross: money(500, 'EUR') };
    await expect(
      h.payments.settle({ paymentId, breakdown: eur, context: {}, idempotencyKey: 'eur' }),
    ).rejects.toMatchObject({ code: 'PAYMENT_INVALID_INPUT', status: 400 });
    expect(await h.payments.get(paymentId)).toMatchObject({ status: 'authorized' });
    expect((await settle(paymentId, 500)).payment.status).toBe('captured');
  });

  it('keeps the books balanced: every group sums to zero, processor = captured − refunded', async () => {
    for (const g of await h.payments.ledger.groupTotals()) expect(g.total, g.groupId).toBe(0);
    const revenue = await h.payments.ledger.balance('revenue', 'GBP');
    const tax = await h.payments.ledger.balance('tax_payable', 'GBP');
    const processor = await h.payments.ledger.balance('processor', 'GBP');
    expect(processor.amount).toBeGreaterThan(0);
    expect(processor.amount + revenue.amount + tax.amount).toBe(0);
  });
});
