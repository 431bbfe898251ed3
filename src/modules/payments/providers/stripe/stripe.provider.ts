import Stripe from 'stripe';
import { systemClock, toIso, type Clock } from '../../../../kernel/clock.js';
import { currencyMismatch, money, type Money } from '../../../../kernel/money/index.js';
import type {
  PaymentProvider,
  ProviderAuthorization,
  ProviderCharge,
  ProviderEvent,
} from '../../payments.provider.js';
import {
  declineCodeOf,
  isCardError,
  isInvalidRequest,
  providerRejected,
  toAppError,
  testCardRefused,
  webhookInvalid,
} from './stripe.errors.js';
import { cardOf, cardToFetch, currencyOf, mapStripeEvent, refundStatusOf } from './stripe.events.js';

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where the API is (a local fake or a proxy); Stripe's own host when absent. */
  apiHost?: string;
  apiPort?: number;
  apiProtocol?: 'http' | 'https';
  clock?: Clock;
}

/** The Stripe adapter: the port, plus a webhook reader that may call Stripe to complete an event. */
export interface StripeProvider extends PaymentProvider {
  readonly name: 'stripe';
  setupCard: NonNullable<PaymentProvider['setupCard']>;
  parseWebhook: NonNullable<PaymentProvider['parseWebhook']>;
  /** Verifies a webhook and maps it, fetching the card of a `setup_intent.succeeded` from Stripe. */
  readWebhook(rawBody: Buffer, signatureHeader: string | undefined): Promise<ProviderEvent>;
}

/** Stripe keeps an uncaptured card authorisation for 7 days unless the charge says otherwise. */
const DEFAULT_HOLD_MS = 7 * 24 * 3600 * 1000;

/** Runs an SDK call; anything but an outcome the caller handles becomes an AppError. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}

/** Stripe takes integer minor units (yen for JPY) and a lower-case currency, exactly like our Money. */
const amountOf = (value: Money) => ({
  amount: money(value.amount, value.currency).amount,
  currency: value.currency.toLowerCase(),
});

/** Creates the `stripe` PaymentProvider on the official SDK. */
export function createStripeProvider(options: StripeProviderOptions): StripeProvider {
  const clock = options.clock ?? systemClock;
  const stripe = new Stripe(options.secretKey, {
    // A network error or a 5xx is retried by the SDK with the same Idempotency-Key, so it never moves money twice.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'chargenet' },
    ...(options.apiHost ? { host: options.apiHost } : {}),
    ...(options.apiPort ? { port: options.apiPort } : {}),
    ...(options.apiProtocol ? { protocol: options.apiProtocol } : {}),
  });

  function authorizationOf(intent: Stripe.PaymentIntent): ProviderAuthorization {
    if (intent.status === 'requires_capture') {
      const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      const captureBefore = charge?.payment_method_details?.card?.capture_before;
      const expiresAt = captureBefore ? captureBefore * 1000 : clock.nowMs() + DEFAULT_HOLD_MS;
      return { id: intent.id, status: 'authorized', expiresAt: toIso(expiresAt) };
    }
    if (intent.status === 'requires_action') return { id: intent.id, status: 'requires_action' };
    if (intent.status === 'requires_payment_method') {
      const error = intent.last_payment_error;
      return {
        id: intent.id,
        status: 'declined',
        declineCode: error ? declineCodeOf(error) : 'card_declined',
      };
    }
    throw providerRejected(`unexpected PaymentIntent status ${intent.status} for a hold`, {
      intentId: intent.id,
    });
  }

  function chargeOf(intent: Stripe.PaymentIntent): ProviderCharge {
    const base = { id: intent.id, amount: money(intent.amount_received, currencyOf(intent.currency)) };
    if (intent.status === 'succeeded') return { ...base, status: 'succeeded' };
    if (intent.status === 'requires_action') {
      return {
        ...base,
        amount: money(intent.amount, currencyOf(intent.currency)),
        status: 'requires_action',
      };
    }
    if (intent.status === 'requires_payment_method' || intent.status === 'canceled') {
      const error = intent.last_payment_error;
      return { ...base, status: 'declined', declineCode: error ? declineCodeOf(error) : 'card_declined' };
    }
    throw providerRejected(`unexpected PaymentIntent status ${intent.status} for a charge`, {
      intentId: intent.id,
    });
  }

  /** Confirms a new PaymentIntent; a card decline comes back as Stripe's 402 and is an outcome here. */
  async function createIntent(
    params: Stripe.PaymentIntentCreateParams,
    idempotencyKey: string,
  ): Promise<{ intent: Stripe.PaymentIntent } | { declined: Stripe.errors.StripeCardError }> {
    try {
      return { intent: await stripe.paymentIntents.create(params, { idempotencyKey }) };
    } catch (err) {
      if (isCardError(err)) return { declined: err };
      throw toAppError(err);
    }
  }

  async function retrieveCard(paymentMethodId: string) {
    return cardOf(await call(() => stripe.paymentMethods.retrieve(paymentMethodId)));
  }

  function verify(rawBody: Buffer, signatureHeader: string | undefined): Stripe.Event {
    if (!signatureHeader) throw webhookInvalid('no Stripe-Signature header');
    try {
      // The injected clock decides whether the signature's timestamp is within Stripe's tolerance.
      return stripe.webhooks.constructEvent(
        rawBody,
        signatureHeader,
        options.webhookSecret,
        undefined,
        undefined,
        clock.nowMs(),
      );
    } catch (err) {
      throw webhookInvalid(err instanceof Error ? err.message : String(err));
    }
  }

  return {
    name: 'stripe',

    async createCustomer(input, idempotencyKey) {
      const customer = await call(() =>
        stripe.customers.create(
          { metadata: { riderId: input.riderId }, ...(input.email ? { email: input.email } : {}) },
          { idempotencyKey },
        ),
      );
      return { customerId: customer.id };
    },

    async setupCard(customerId, idempotencyKey) {
      const setup = await call(() =>
        stripe.setupIntents.create(
          { customer: customerId, usage: 'off_session', allowed_payment_method_types: ['card'] },
          { idempotencyKey },
        ),
      );
      if (!setup.client_secret) throw providerRejected('SetupIntent without a client secret');
      return { setupId: setup.id, clientSecret: setup.client_secret };
    },

    async attachCard(customerId, card, idempotencyKey) {
      if (card.kind !== 'payment_method') throw testCardRefused();
      const attached = await call(() =>
        stripe.paymentMethods.attach(card.id, { customer: customerId }, { idempotencyKey }),
      );
      // attach already returns the card; the retrieve is what a restarted caller would see, so it is the truth.
      return retrieveCard(attached.id);
    },

    async detachCard(paymentMethodId) {
      try {
        await stripe.paymentMethods.detach(paymentMethodId);
      } catch (err) {
        // Detaching twice is fine: Stripe refuses a detached card, so check that it is detached.
        if (!isInvalidRequest(err)) throw toAppError(err);
        const pm = await call(() => stripe.paymentMethods.retrieve(paymentMethodId));
        if (pm.customer) throw toAppError(err);
      }
    },

    async authorize(input) {
      const outcome = await createIntent(
        {
          ...amountOf(input.amount),
          customer: input.customerId,
          payment_method: input.paymentMethodId,
          capture_method: 'manual',
          confirm: true,
          off_session: true,
          metadata: { reference: input.reference },
          expand: ['latest_charge'],
        },
        input.idempotencyKey,
      );
      if ('declined' in outcome) {
        const id = outcome.declined.payment_intent?.id ?? '';
        return { id, status: 'declined', declineCode: declineCodeOf(outcome.declined) };
      }
      return authorizationOf(outcome.intent);
    },

    async capture(input) {
      const intentId = input.authorizationId;
      try {
        const intent = await stripe.paymentIntents.capture(
          intentId,
          { amount_to_capture: input.amount.amount },
          { idempotencyKey: input.idempotencyKey },
        );
        if (intent.currency !== input.amount.currency.toLowerCase()) {
          throw currencyMismatch(currencyOf(intent.currency), input.amount.currency);
        }
        return chargeOf(intent);
      } catch (err) {
        if (!isInvalidRequest(err) || err.code !== 'payment_intent_unexpected_state') throw toAppError(err);
        const intent = await call(() => stripe.paymentIntents.retrieve(intentId));
        // Stripe dropped the hold (7 days passed, or it was released): the caller charges off-session instead.
        if (intent.status === 'canceled') {
          return {
            id: intentId,
            status: 'declined',
            declineCode: 'hold_expired',
            amount: money(0, input.amount.currency),
          };
        }
        // Already captured under another key: report what was really taken.
        if (intent.status === 'succeeded') return chargeOf(intent);
        throw toAppError(err);
      }
    },

    async cancel(input) {
      try {
        await stripe.paymentIntents.cancel(
          input.authorizationId,
          {},
          { idempotencyKey: input.idempotencyKey },
        );
      } catch (err) {
        if (!isInvalidRequest(err)) throw toAppError(err);
        const intent = await call(() => stripe.paymentIntents.retrieve(input.authorizationId));
        if (intent.status !== 'canceled') throw toAppError(err);
      }
    },

    async charge(input) {
      const outcome = await createIntent(
        {
          ...amountOf(input.amount),
          customer: input.customerId,
          payment_method: input.paymentMethodId,
          capture_method: 'automatic',
          confirm: true,
          off_session: true,
          metadata: { reference: input.reference },
        },
        input.idempotencyKey,
      );
      if ('declined' in outcome) {
        return {
          id: outcome.declined.payment_intent?.id ?? '',
          status: 'declined',
          declineCode: declineCodeOf(outcome.declined),
          amount: money(0, input.amount.currency),
        };
      }
      return chargeOf(outcome.intent);
    },

    async refund(input) {
      const refund = await call(() =>
        stripe.refunds.create(
          { payment_intent: input.chargeId, amount: input.amount.amount },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return {
        id: refund.id,
        status: refundStatusOf(refund.status),
        amount: money(refund.amount, currencyOf(refund.currency)),
      };
    },

    parseWebhook(rawBody, signatureHeader) {
      return mapStripeEvent(verify(rawBody, signatureHeader));
    },

    async readWebhook(rawBody, signatureHeader) {
      const event = verify(rawBody, signatureHeader);
      const pending = cardToFetch(event);
      if (!pending) return mapStripeEvent(event);
      return {
        type: 'card.saved',
        customerId: pending.customerId,
        card: await retrieveCard(pending.paymentMethodId),
      };
    },
  };
}
