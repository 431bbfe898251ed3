import Stripe from 'stripe';
import { AppError } from '../../../../kernel/errors.js';
import { cardInputUnsupported, declined, idempotencyKeyReused } from '../../payments.errors.js';
import type { DeclineCode } from '../../payments.provider.js';

/**
 * How Stripe's failures become ours. A card decline is an outcome (see stripe.provider.ts); this file is
 * for everything else: Stripe unreachable or failing (503, worth retrying later with the same key),
 * Stripe refusing what we sent (502, a bug or a misconfigured key — retrying will not help).
 */

export const providerUnavailable = (reason: string) =>
  new AppError('PAYMENT_PROVIDER_UNAVAILABLE', `Stripe is unavailable: ${reason}`, 503, {
    provider: 'stripe',
  });

export const providerRejected = (reason: string, details: Record<string, unknown> = {}) =>
  new AppError('PAYMENT_PROVIDER_ERROR', `Stripe refused the request: ${reason}`, 502, {
    provider: 'stripe',
    ...details,
  });

export const webhookInvalid = (reason: string) =>
  new AppError('PAYMENT_WEBHOOK_INVALID', `The Stripe webhook could not be verified: ${reason}`, 400);

/** Card numbers never reach the platform with Stripe: the app saves cards through a SetupIntent. */
export const testCardRefused = () => cardInputUnsupported('stripe', 'test_card');

const KNOWN_DECLINES: ReadonlySet<string> = new Set([
  'insufficient_funds',
  'authentication_required',
  'expired_card',
]);

/** Our decline code for Stripe's `decline_code`/`code` pair; anything unnamed is a plain card_declined. */
export function declineCodeOf(error: { decline_code?: string | null; code?: string | null }): DeclineCode {
  for (const candidate of [error.decline_code, error.code]) {
    if (candidate && KNOWN_DECLINES.has(candidate)) return candidate as DeclineCode;
  }
  return 'card_declined';
}

export function isCardError(err: unknown): err is Stripe.errors.StripeCardError {
  return err instanceof Stripe.errors.StripeCardError;
}

/** Stripe said the object is not in a state that allows the call (captured, canceled, detached…). */
export function isInvalidRequest(err: unknown): err is Stripe.errors.StripeInvalidRequestError {
  return err instanceof Stripe.errors.StripeInvalidRequestError;
}

/** Any SDK failure as an AppError; AppErrors pass through unchanged. */
export function toAppError(err: unknown): unknown {
  if (err instanceof AppError || !(err instanceof Stripe.errors.StripeError)) return err;
  if (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeAPIError ||
    err instanceof Stripe.errors.StripeRateLimitError
  ) {
    return providerUnavailable(err.message);
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError) return idempotencyKeyReused();
  // A card refused while saving it: no money moved, so it is the rider-facing decline error.
  if (isCardError(err)) return declined(declineCodeOf(err));
  return providerRejected(err.message, {
    ...(err.code ? { stripeCode: err.code } : {}),
    ...(err.statusCode ? { stripeStatus: err.statusCode } : {}),
  });
}
