import type Stripe from 'stripe';
import { money } from '../../../../kernel/money/index.js';
import type { ProviderCard, ProviderEvent, ProviderRefund } from '../../payments.provider.js';
import { declineCodeOf } from './stripe.errors.js';

/**
 * Stripe webhook events as the port's ProviderEvents. Only the news the payments service acts on is
 * mapped; everything else is `ignored` (acknowledged, so Stripe stops re-sending it).
 */

/** Cancellation reasons that mean Stripe dropped an uncaptured hold by itself. */
const EXPIRY_REASONS: ReadonlySet<string> = new Set(['automatic', 'expired']);

/** Stripe's lower-case currency as our ISO 4217 code. */
export const currencyOf = (stripeCurrency: string) => stripeCurrency.toUpperCase();

export function refundStatusOf(status: string | null): ProviderRefund['status'] {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

/** What we may store about a card: never the number, only what a rider recognises it by. */
export function cardOf(pm: Stripe.PaymentMethod): ProviderCard {
  return {
    paymentMethodId: pm.id,
    brand: pm.card?.brand ?? 'unknown',
    last4: pm.card?.last4 ?? '',
    expMonth: pm.card?.exp_month ?? 0,
    expYear: pm.card?.exp_year ?? 0,
  };
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  typeof value === 'string' ? value : value?.id;

/**
 * A `setup_intent.succeeded` whose payment method is only an id (as Stripe sends it): the card must be
 * fetched before it can become `card.saved`.
 */
export function cardToFetch(
  event: Stripe.Event,
): { customerId: string; paymentMethodId: string } | undefined {
  if (event.type !== 'setup_intent.succeeded') return undefined;
  const customerId = idOf(event.data.object.customer);
  const pm = event.data.object.payment_method;
  return customerId && typeof pm === 'string' ? { customerId, paymentMethodId: pm } : undefined;
}

/** Maps a verified event; a SetupIntent becomes `card.saved` only when its payment method is expanded. */
export function mapStripeEvent(event: Stripe.Event): ProviderEvent {
  const ignored: ProviderEvent = { type: 'ignored', processorType: event.type };
  switch (event.type) {
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      return intent.cancellation_reason && EXPIRY_REASONS.has(intent.cancellation_reason)
        ? { type: 'authorization.expired', authorizationId: intent.id }
        : ignored;
    }
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      return {
        type: 'charge.succeeded',
        chargeId: intent.id,
        amount: money(intent.amount_received, currencyOf(intent.currency)),
      };
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const error = intent.last_payment_error;
      return {
        type: 'charge.failed',
        chargeId: intent.id,
        ...(error ? { declineCode: declineCodeOf(error) } : {}),
      };
    }
    case 'charge.refund.updated':
    case 'refund.updated': {
      const refund = event.data.object;
      return { type: 'refund.updated', refundId: refund.id, status: refundStatusOf(refund.status) };
    }
    case 'setup_intent.succeeded': {
      const customerId = idOf(event.data.object.customer);
      const pm = event.data.object.payment_method;
      return customerId && pm && typeof pm !== 'string'
        ? { type: 'card.saved', customerId, card: cardOf(pm) }
        : ignored;
    }
    default:
      return ignored;
  }
}
