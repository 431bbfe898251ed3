import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import {
  gbpPrice,
  newRider,
  paymentsHarness,
  type PaymentsHarness,
} from '../../../test/payments/payments.harness.js';
import type { PaymentProvider } from './payments.provider.js';

/** The sandbox, with switches: crash after the processor answered, or decline off-session charges. */
function unreliable(sandbox: PaymentProvider) {
  const switches = { crashAfterCapture: false, declineCharges: false };
  const provider: PaymentProvider = {
    name: sandbox.name,
    createCustomer: (i, k) => sandbox.createCustomer(i, k),
    attachCard: (c, card, k) => sandbox.attachCard(c, card, k),
    detachCard: (id) => sandbox.detachCard(id),
    authorize: (i) => sandbox.authorize(i),
    cancel: (i) => sandbox.cancel(i),
    refund: (i) => sandbox.refund(i),
    async capture(input) {
      const answer = await sandbox.capture(input);
      if (switches.crashAfterCapture) {
        switches.crashAfterCapture = false;
        throw new Error('process died after the processor captured');
      }
      return answer;
    },
    async charge(input) {
      if (switches.declineCharges)
        return {
          id: `ch_declined_${input.idempotencyKey}`,
          status: 'declined',
          declineCode: 'insufficient_funds',
          amount: input.amount,
        };
      return sandbox.charge(input);
    },
  };
  return { provider, switches };
}

describe.each(testDialects())('settle recovery on %s', (dialect) => {
  let h: PaymentsHarness;
  let switches: ReturnType<typeof unreliable>['switches'];
  beforeAll(async () => {
    h = await paymentsHarness(dialect, (sandbox) => {
      const u = unreliable(sandbox);
      switches = u.switches;
      return u.provider;
    });
  });
  afterAll(() => h.drop());

  it('a retry after a crash between the capture and our write captures once', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1500);
    const input = { paymentId, breakdown: gbpPrice(1300), context: {}, idempotencyKey: 'crashy' };
    switches.crashAfterCapture = true;
    await expect(h.payments.settle(input)).rejects.toThrow('process died');
    expect(await h.payments.get(paymentId)).toMatchObject({ status: 'authorized' });
    const { payment, receipt } = await h.payments.settle(input);
    expect(payment).toMatchObject({ status: 'captured', captured: { amount: 1300 } });
    expect(receipt).not.toBeNull();
    const processor = (await h.payments.ledger.entriesFor(paymentId)).filter(
      (e) => e.account === 'processor',
    );
    expect(processor.map((e) => e.amount)).toEqual([1300]);
  });

  it('an off-session decline leaves the payment failed with the amount owed, and no receipt', async () => {
    const rider = newRider();
    await h.addCard(rider);
    const paymentId = await h.hold(rider, 1000);
    switches.declineCharges = true;
    try {
      const { payment, receipt } = await h.payments.settle({
        paymentId,
        breakdown: gbpPrice(1600),
        context: {},
        idempotencyKey: 'over',
      });
      expect(payment).toMatchObject({
        status: 'failed',
        failureCode: 'insufficient_funds',
        captured: { amount: 1000 },
      });
      expect(receipt).toBeNull();
    } finally {
      switches.declineCharges = false;
    }
    // What was captured is in the books, with its share of the tax; the rest is owed, not booked.
    const entries = await h.payments.ledger.entriesFor(paymentId);
    expect(entries.filter((e) => e.account === 'processor').map((e) => e.amount)).toEqual([1000]);
    const tax = -entries.filter((e) => e.account === 'tax_payable').reduce((s, e) => s + e.amount, 0);
    // 267 × 1000/1600 = 166.875: the leftover unit goes to the larger share (kernel allocate).
    expect(tax).toBe(167);
    await expect(h.payments.releaseHold(paymentId, 'late')).resolves.toMatchObject({ status: 'failed' });
  });
});
