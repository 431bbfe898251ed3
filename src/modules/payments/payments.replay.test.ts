import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../kernel/money/index.js';
import { testDialects } from '../../../test/helpers/db.js';
import {
  gbpPrice,
  newRider,
  paymentsHarness,
  type PaymentsHarness,
} from '../../../test/payments/payments.harness.js';

/**
 * Holds and settles answer from the rows they wrote instead of reading them back, and try the write
 * before looking for an earlier one: these pin that the answers are the stored ones and that the
 * lookups still happen where behaviour depends on them.
 */
describe.each(testDialects())('payments answers without read-back on %s', (dialect) => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await paymentsHarness(dialect);
  });
  afterAll(() => h.drop());

  it('a hold returns the payment as stored', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const input = {
      riderId: rider,
      amount: money(1500, 'GBP'),
      reference: 'rental:rnt_r1',
      idempotencyKey: 'r1',
    };
    const held = await h.payments.authorizeHold(input);
    expect(held).toEqual(await h.payments.get(held.id));
    expect(await h.payments.authorizeHold(input)).toEqual(held);
  });

  it('a settle returns the payment and receipt as stored, equal to its replay', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const input = {
      paymentId,
      breakdown: gbpPrice(1300),
      context: { startStation: 'The Crown', durationMinutes: 75 },
      idempotencyKey: 'settle-r2',
      pricing: { periodMinutes: 30, taxRateBasisPoints: 2000, country: 'GB' },
    };
    const first = await h.payments.settle(input);
    expect(first.payment).toEqual(await h.payments.get(paymentId));
    expect(first.receipt).not.toHaveProperty('pricing');
    expect(await h.payments.settle(input)).toEqual(first);
  });

  it('a release returns the payment as stored', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const released = await h.payments.releaseHold(paymentId, 'rel');
    expect(released).toMatchObject({ status: 'released' });
    expect(released).toEqual(await h.payments.get(paymentId));
  });

  it('a hold retried after the rider removed the card returns the first payment; a new key has no card', async () => {
    const rider = newRider();
    const cardId = await h.addCard(rider);
    const input = {
      riderId: rider,
      amount: money(1000, 'GBP'),
      reference: 'rental:rnt_r3',
      idempotencyKey: 'r3',
    };
    const held = await h.payments.authorizeHold(input);
    await h.payments.cards.remove(rider, cardId);
    expect((await h.payments.authorizeHold(input)).id).toBe(held.id);
    await expect(h.payments.authorizeHold({ ...input, idempotencyKey: 'r3-new' })).rejects.toMatchObject({
      code: 'PAYMENT_NO_CARD',
    });
  });

  it('settling an unknown payment is PAYMENT_NOT_FOUND, also with an invalid price', async () => {
    const settle = (breakdown: ReturnType<typeof gbpPrice>) =>
      h.payments.settle({ paymentId: 'pay_missing', breakdown, context: {}, idempotencyKey: 'nf' });
    await expect(settle(gbpPrice(500))).rejects.toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
    await expect(settle({ ...gbpPrice(500), gross: money(-1, 'GBP') })).rejects.toMatchObject({
      code: 'PAYMENT_NOT_FOUND',
    });
  });

  it('a negative price is refused before anything is claimed', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const negative = { ...gbpPrice(500), gross: money(-1, 'GBP') };
    await expect(
      h.payments.settle({ paymentId, breakdown: negative, context: {}, idempotencyKey: 'neg' }),
    ).rejects.toMatchObject({ code: 'PAYMENT_INVALID_INPUT' });
    const ok = await h.payments.settle({
      paymentId,
      breakdown: gbpPrice(500),
      context: {},
      idempotencyKey: 'pos',
    });
    expect(ok.payment.status).toBe('captured');
  });
});
