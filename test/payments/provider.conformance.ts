import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../src/kernel/money/index.js';
import type {
  CardInput,
  PaymentProvider,
  ProviderCard,
} from '../../src/modules/payments/payments.provider.js';

/**
 * What every payment provider adapter must do the same way, so the payments service can be written
 * once: idempotent money movements, declines as outcomes with our decline codes, partial capture,
 * release, off-session charges, partial refunds, zero-decimal currencies. Run it once per adapter.
 */
export interface ConformanceCards {
  success: CardInput;
  declined: CardInput;
  insufficientFunds: CardInput;
  authenticationRequired: CardInput;
}

export interface ConformanceOptions {
  /** Makes the processor drop an uncaptured hold (time passing); enables the hold-expiry checks. */
  expireHold?(authorizationId: string): Promise<void> | void;
}

export function describeProviderConformance(
  name: string,
  makeProvider: () => PaymentProvider | Promise<PaymentProvider>,
  cards: ConformanceCards,
  options: ConformanceOptions = {},
): void {
  describe(`payment provider conformance: ${name}`, () => {
    let provider: PaymentProvider;
    const key = (label: string) => `${label}-${randomUUID()}`;

    beforeAll(async () => {
      provider = await makeProvider();
    });

    async function customerWith(card: CardInput): Promise<{ customerId: string; card: ProviderCard }> {
      const { customerId } = await provider.createCustomer({ riderId: `rdr_${randomUUID()}` }, key('cus'));
      return { customerId, card: await provider.attachCard(customerId, card, key('card')) };
    }

    async function hold(card: CardInput, amount = money(2000, 'GBP')) {
      const { customerId, card: saved } = await customerWith(card);
      const base = {
        customerId,
        paymentMethodId: saved.paymentMethodId,
        reference: `rental:${randomUUID()}`,
      };
      return { base, auth: await provider.authorize({ ...base, amount, idempotencyKey: key('auth') }) };
    }

    it('creates a customer once per idempotency key', async () => {
      const k = key('cus');
      const first = await provider.createCustomer({ riderId: 'rdr_same', email: 'r@example.com' }, k);
      const again = await provider.createCustomer({ riderId: 'rdr_same', email: 'r@example.com' }, k);
      expect(first.customerId).toBeTruthy();
      expect(again.customerId).toBe(first.customerId);
    });

    it('saves a card and returns only what a rider recognises it by', async () => {
      const { card } = await customerWith(cards.success);
      expect(card.paymentMethodId).toBeTruthy();
      expect(card.brand).toBeTruthy();
      expect(card.last4).toMatch(/^\d{4}$/);
      expect(card.expMonth).toBeGreaterThanOrEqual(1);
      expect(card.expMonth).toBeLessThanOrEqual(12);
      expect(card.expYear).toBeGreaterThan(2000);
    });

    it('places a hold that says when it expires, once per idempotency key', async () => {
      const { customerId, card } = await customerWith(cards.success);
      const input = {
        customerId,
        paymentMethodId: card.paymentMethodId,
        amount: money(1500, 'EUR'),
        reference: 'rental:conformance',
        idempotencyKey: key('auth'),
      };
      const first = await provider.authorize(input);
      const again = await provider.authorize(input);
      expect(first.status).toBe('authorized');
      expect(Number.isNaN(Date.parse(first.expiresAt ?? ''))).toBe(false);
      expect(again.id).toBe(first.id);
    });

    it('captures part of a hold, and a retried capture takes nothing more', async () => {
      const { auth } = await hold(cards.success);
      const input = { authorizationId: auth.id, amount: money(1250, 'GBP'), idempotencyKey: key('cap') };
      const charge = await provider.capture(input);
      const retried = await provider.capture(input);
      expect(charge).toMatchObject({ status: 'succeeded', amount: { amount: 1250, currency: 'GBP' } });
      expect(retried).toMatchObject({
        id: charge.id,
        status: 'succeeded',
        amount: { amount: 1250, currency: 'GBP' },
      });
    });

    it('releases a hold, and releasing again is harmless', async () => {
      const { auth } = await hold(cards.success);
      await provider.cancel({ authorizationId: auth.id, idempotencyKey: key('cancel') });
      await expect(
        provider.cancel({ authorizationId: auth.id, idempotencyKey: key('cancel') }),
      ).resolves.toBeUndefined();
    });

    it('charges off-session once per idempotency key', async () => {
      const { base } = await hold(cards.success);
      const input = { ...base, amount: money(730, 'USD'), idempotencyKey: key('charge') };
      const charge = await provider.charge(input);
      const again = await provider.charge(input);
      expect(charge).toMatchObject({ status: 'succeeded', amount: { amount: 730, currency: 'USD' } });
      expect(again.id).toBe(charge.id);
    });

    it('refunds partially, once per idempotency key, and never more than was taken', async () => {
      const { base } = await hold(cards.success);
      const charge = await provider.charge({
        ...base,
        amount: money(1000, 'GBP'),
        idempotencyKey: key('charge'),
      });
      const input = { chargeId: charge.id, amount: money(400, 'GBP'), idempotencyKey: key('refund') };
      const refund = await provider.refund(input);
      const again = await provider.refund(input);
      expect(refund).toMatchObject({ status: 'succeeded', amount: { amount: 400, currency: 'GBP' } });
      expect(again.id).toBe(refund.id);
      await expect(
        provider.refund({ chargeId: charge.id, amount: money(601, 'GBP'), idempotencyKey: key('refund') }),
      ).rejects.toThrow();
      const rest = await provider.refund({
        chargeId: charge.id,
        amount: money(600, 'GBP'),
        idempotencyKey: key('refund'),
      });
      expect(rest.amount).toEqual({ amount: 600, currency: 'GBP' });
    });

    it('keeps JPY in whole yen', async () => {
      const { auth } = await hold(cards.success, money(500, 'JPY'));
      expect(auth.status).toBe('authorized');
      const charge = await provider.capture({
        authorizationId: auth.id,
        amount: money(330, 'JPY'),
        idempotencyKey: key('cap'),
      });
      expect(charge.amount).toEqual({ amount: 330, currency: 'JPY' });
    });

    it.each([
      ['declined', 'card_declined'],
      ['insufficientFunds', 'insufficient_funds'],
    ] as const)(
      'answers a %s card with a declined hold and charge (%s), not an exception',
      async (which, code) => {
        const { base, auth } = await hold(cards[which]);
        expect(auth).toMatchObject({ status: 'declined', declineCode: code });
        const charge = await provider.charge({
          ...base,
          amount: money(500, 'GBP'),
          idempotencyKey: key('charge'),
        });
        expect(charge).toMatchObject({ status: 'declined', declineCode: code });
      },
    );

    it('does not hold a card that needs the rider to authenticate', async () => {
      const { auth } = await hold(cards.authenticationRequired);
      // Processors answer an off-session payment that needs 3-D Secure either way; neither is a hold.
      if (auth.status === 'declined') expect(auth.declineCode).toBe('authentication_required');
      else expect(auth.status).toBe('requires_action');
    });

    it('detaches a card, and detaching again is harmless', async () => {
      const { card } = await customerWith(cards.success);
      await provider.detachCard(card.paymentMethodId);
      await expect(provider.detachCard(card.paymentMethodId)).resolves.toBeUndefined();
    });

    it.runIf(options.expireHold !== undefined)(
      'declines capturing an expired hold (hold_expired), then charges off-session',
      async () => {
        const { base, auth } = await hold(cards.success);
        await options.expireHold!(auth.id);
        const capture = await provider.capture({
          authorizationId: auth.id,
          amount: money(900, 'GBP'),
          idempotencyKey: key('cap'),
        });
        expect(capture).toMatchObject({ status: 'declined', declineCode: 'hold_expired' });
        const charge = await provider.charge({
          ...base,
          amount: money(900, 'GBP'),
          idempotencyKey: key('charge'),
        });
        expect(charge).toMatchObject({ status: 'succeeded', amount: { amount: 900, currency: 'GBP' } });
      },
    );
  });
}
