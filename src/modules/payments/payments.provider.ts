import type { Money } from '../../kernel/money/index.js';

/**
 * The port every payment processor adapter implements (`sandbox`, `stripe`). Adapters translate; they
 * keep no state of ours. Each call that moves money carries an idempotency key that the adapter passes
 * to the processor, so a retried call never moves money twice.
 *
 * Declines are outcomes, not exceptions: `status: 'declined'` with a `declineCode`. Exceptions are for
 * the processor being unreachable (PAYMENT_PROVIDER_UNAVAILABLE, 503) or refusing a request it should
 * have accepted (PAYMENT_PROVIDER_ERROR, 502).
 */

export type DeclineCode =
  'card_declined' | 'insufficient_funds' | 'authentication_required' | 'expired_card' | 'hold_expired';

/** How a rider's card reaches us: a sandbox test card number, or a processor payment-method id. */
export type CardInput = { kind: 'test_card'; number: string } | { kind: 'payment_method'; id: string };

export interface ProviderCard {
  /** The processor's id for the saved card (sandbox `pm_sbx_…`, Stripe `pm_…`). */
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ProviderAuthorization {
  /** Sandbox `auth_sbx_…`, Stripe PaymentIntent `pi_…`. */
  id: string;
  status: 'authorized' | 'requires_action' | 'declined';
  declineCode?: DeclineCode;
  /** When the processor will drop the hold if it is not captured. */
  expiresAt?: string;
}

export interface ProviderCharge {
  /** The id refunds are made against (sandbox `ch_sbx_…`, Stripe PaymentIntent `pi_…`). */
  id: string;
  status: 'succeeded' | 'requires_action' | 'declined';
  declineCode?: DeclineCode;
  amount: Money;
}

export interface ProviderRefund {
  id: string;
  status: 'succeeded' | 'pending' | 'failed';
  amount: Money;
}

/** A processor's asynchronous news, delivered by webhook (Stripe) and applied by the payments service. */
export type ProviderEvent =
  | { type: 'authorization.expired'; authorizationId: string }
  | { type: 'charge.succeeded'; chargeId: string; amount: Money }
  | { type: 'charge.failed'; chargeId: string; declineCode?: DeclineCode }
  | { type: 'refund.updated'; refundId: string; status: ProviderRefund['status'] }
  | { type: 'card.saved'; customerId: string; card: ProviderCard }
  | { type: 'ignored'; processorType: string };

export interface PaymentProvider {
  readonly name: 'sandbox' | 'stripe';
  createCustomer(
    input: { riderId: string; email?: string },
    idempotencyKey: string,
  ): Promise<{ customerId: string }>;
  /**
   * Starts saving a card where the processor needs the rider's device (Stripe SetupIntent): returns the
   * client secret the app confirms with. Absent for processors that save a card in one step.
   */
  setupCard?(customerId: string, idempotencyKey: string): Promise<{ setupId: string; clientSecret: string }>;
  /** Saves a card on the customer and returns what we may store about it (never the number). */
  attachCard(customerId: string, card: CardInput, idempotencyKey: string): Promise<ProviderCard>;
  detachCard(paymentMethodId: string): Promise<void>;
  /** A manual-capture hold, off-session. */
  authorize(input: {
    customerId: string;
    paymentMethodId: string;
    amount: Money;
    reference: string;
    idempotencyKey: string;
  }): Promise<ProviderAuthorization>;
  /** Captures `amount` (≤ the hold) of an authorisation; the rest of the hold is released. */
  capture(input: { authorizationId: string; amount: Money; idempotencyKey: string }): Promise<ProviderCharge>;
  /** Releases a hold entirely. */
  cancel(input: { authorizationId: string; idempotencyKey: string }): Promise<void>;
  /** An immediate off-session charge (the hold expired, or the price exceeded it). */
  charge(input: {
    customerId: string;
    paymentMethodId: string;
    amount: Money;
    reference: string;
    idempotencyKey: string;
  }): Promise<ProviderCharge>;
  refund(input: { chargeId: string; amount: Money; idempotencyKey: string }): Promise<ProviderRefund>;
  /** Verifies and decodes a webhook; throws PAYMENT_WEBHOOK_INVALID on a bad signature. Absent for sandbox. */
  parseWebhook?(rawBody: Buffer, signatureHeader: string | undefined): ProviderEvent;
}
