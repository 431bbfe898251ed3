import { randomBytes } from 'node:crypto';
import { TEST_CARDS, type CardBehaviour } from './cards.js';
import { list, str, type FormObject } from './form.js';

/** A Stripe-shaped JSON object as the fake stores and returns it. */
export type StripeObject = Record<string, unknown> & { id: string; object: string };

/** An error the fake answers with, shaped like Stripe's `{ error: { type, code, decline_code, message } }`. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const invalid = (message: string, code?: string, status = 400) =>
  new StripeFailure(status, { type: 'invalid_request_error', message, ...(code ? { code } : {}) });
const missing = (kind: string, id: string) => invalid(`No such ${kind}: '${id}'`, 'resource_missing', 404);

/** Everything the fake Stripe holds; tests read it to see what really happened on the processor side. */
export interface FakeStripeState {
  customers: Map<string, StripeObject>;
  setupIntents: Map<string, StripeObject>;
  paymentMethods: Map<string, StripeObject>;
  paymentIntents: Map<string, StripeObject>;
  charges: Map<string, StripeObject>;
  refunds: Map<string, StripeObject>;
  /** Every request that reached a handler, in order (injected failures are not logged). */
  requests: { method: string; path: string; form: FormObject; idempotencyKey?: string }[];
}

export function emptyState(): FakeStripeState {
  return {
    customers: new Map(),
    setupIntents: new Map(),
    paymentMethods: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    requests: [],
  };
}

const HOLD_SECONDS = 7 * 24 * 3600;
const CANCELABLE = new Set([
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'requires_capture',
]);

/** The endpoints of Stripe's API the adapter uses, over an in-memory state. */
export class FakeStripeApi {
  readonly state = emptyState();
  private readonly behaviours = new Map<string, CardBehaviour>();

  constructor(private readonly nowMs: () => number) {}

  private id(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString('hex')}`;
  }

  private seconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  private get(map: Map<string, StripeObject>, kind: string, id: string): StripeObject {
    const found = map.get(id);
    if (!found) throw missing(kind, id);
    return found;
  }

  createCustomer(form: FormObject): StripeObject {
    const customer = {
      id: this.id('cus'),
      object: 'customer',
      email: str(form, 'email') ?? null,
      metadata: form.metadata ?? {},
      created: this.seconds(),
      livemode: false,
    };
    this.state.customers.set(customer.id, customer);
    return customer;
  }

  createSetupIntent(form: FormObject): StripeObject {
    const customer = str(form, 'customer');
    if (customer) this.get(this.state.customers, 'customer', customer);
    const id = this.id('seti');
    const intent = {
      id,
      object: 'setup_intent',
      client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`,
      customer: customer ?? null,
      usage: str(form, 'usage') ?? 'off_session',
      // The SDK's API version names the list `allowed_payment_method_types`; older ones `payment_method_types`.
      payment_method_types: [
        ...list(form, 'allowed_payment_method_types'),
        ...list(form, 'payment_method_types'),
      ],
      payment_method: null,
      status: 'requires_payment_method',
      created: this.seconds(),
      livemode: false,
    };
    this.state.setupIntents.set(id, intent);
    return intent;
  }

  attachPaymentMethod(pmId: string, form: FormObject): StripeObject {
    const customer = str(form, 'customer');
    if (!customer) throw invalid('Missing required param: customer.', 'parameter_missing');
    this.get(this.state.customers, 'customer', customer);
    const test = TEST_CARDS[pmId];
    if (test) {
      // Like Stripe, a test id used in an API call mints a fresh payment method.
      const pm = {
        id: this.id('pm'),
        object: 'payment_method',
        type: 'card',
        customer,
        card: { brand: test.brand, last4: test.last4, exp_month: test.expMonth, exp_year: test.expYear },
        created: this.seconds(),
        livemode: false,
      };
      this.state.paymentMethods.set(pm.id, pm);
      this.behaviours.set(pm.id, test.behaviour);
      return pm;
    }
    const pm = this.get(this.state.paymentMethods, 'payment_method', pmId);
    if (pm.customer && pm.customer !== customer) {
      throw invalid('The payment method you provided has already been attached to a customer.');
    }
    pm.customer = customer;
    return pm;
  }

  retrievePaymentMethod(pmId: string): StripeObject {
    return this.get(this.state.paymentMethods, 'payment_method', pmId);
  }

  detachPaymentMethod(pmId: string): StripeObject {
    const pm = this.get(this.state.paymentMethods, 'payment_method', pmId);
    if (!pm.customer) {
      throw invalid(
        'The payment method you provided is not attached to a customer so detachment is impossible.',
      );
    }
    pm.customer = null;
    return pm;
  }

  createPaymentIntent(form: FormObject): StripeObject {
    const amount = Number(str(form, 'amount'));
    const currency = str(form, 'currency');
    if (!Number.isSafeInteger(amount) || amount < 1)
      throw invalid('Invalid integer: amount', 'parameter_invalid_integer');
    if (!currency || currency !== currency.toLowerCase())
      throw invalid('Invalid currency', 'invalid_currency');
    const customer = str(form, 'customer') ?? null;
    if (customer) this.get(this.state.customers, 'customer', customer);
    const pmId = str(form, 'payment_method');
    if (!pmId) throw invalid('Missing required param: payment_method.', 'parameter_missing');
    const pm = this.get(this.state.paymentMethods, 'payment_method', pmId);
    if (customer && pm.customer !== customer) {
      throw invalid(`The provided PaymentMethod ${pmId} is not attached to customer ${customer}.`);
    }
    const id = this.id('pi');
    const intent: StripeObject = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency,
      customer,
      payment_method: pmId,
      capture_method: str(form, 'capture_method') ?? 'automatic',
      confirmation_method: 'automatic',
      status: 'requires_confirmation',
      cancellation_reason: null,
      canceled_at: null,
      client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`,
      latest_charge: null,
      last_payment_error: null,
      next_action: null,
      metadata: form.metadata ?? {},
      created: this.seconds(),
      livemode: false,
    };
    this.state.paymentIntents.set(id, intent);
    if (str(form, 'confirm') === 'true') this.confirm(intent, pm, str(form, 'off_session') === 'true');
    return this.expand(intent, list(form, 'expand'));
  }

  private confirm(intent: StripeObject, pm: StripeObject, offSession: boolean): void {
    const behaviour = this.behaviours.get(pm.id) ?? { kind: 'ok' };
    if (behaviour.kind === 'decline') {
      const error = {
        type: 'card_error',
        code: behaviour.code,
        decline_code: behaviour.declineCode,
        message: behaviour.message,
        payment_method: pm,
      };
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: error });
      throw new StripeFailure(402, { ...error, payment_intent: intent });
    }
    if (behaviour.kind === 'authentication_required' && offSession) {
      Object.assign(intent, { status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
      return;
    }
    const manual = intent.capture_method === 'manual';
    const amount = intent.amount as number;
    const card = pm.card as Record<string, unknown>;
    const charge: StripeObject = {
      id: this.id('ch'),
      object: 'charge',
      amount,
      amount_captured: manual ? 0 : amount,
      amount_refunded: 0,
      captured: !manual,
      refunded: false,
      currency: intent.currency,
      payment_intent: intent.id,
      status: 'succeeded',
      payment_method_details: {
        type: 'card',
        card: {
          brand: card.brand,
          last4: card.last4,
          ...(manual ? { capture_before: this.seconds() + HOLD_SECONDS } : {}),
        },
      },
      created: this.seconds(),
    };
    this.state.charges.set(charge.id, charge);
    Object.assign(intent, {
      latest_charge: charge.id,
      status: manual ? 'requires_capture' : 'succeeded',
      amount_capturable: manual ? amount : 0,
      amount_received: manual ? 0 : amount,
    });
  }

  retrievePaymentIntent(id: string, expand: string[]): StripeObject {
    return this.expand(this.get(this.state.paymentIntents, 'payment_intent', id), expand);
  }

  capturePaymentIntent(id: string, form: FormObject): StripeObject {
    const intent = this.get(this.state.paymentIntents, 'payment_intent', id);
    if (intent.status !== 'requires_capture') {
      throw invalid(
        `This PaymentIntent could not be captured because it has a status of ${String(intent.status)}.`,
        'payment_intent_unexpected_state',
      );
    }
    const capturable = intent.amount_capturable as number;
    const amount =
      str(form, 'amount_to_capture') === undefined ? capturable : Number(str(form, 'amount_to_capture'));
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > capturable) {
      throw invalid('The amount to capture must not exceed the amount capturable.', 'amount_too_large');
    }
    const charge = this.get(this.state.charges, 'charge', intent.latest_charge as string);
    Object.assign(charge, { amount_captured: amount, captured: true });
    Object.assign(intent, { status: 'succeeded', amount_received: amount, amount_capturable: 0 });
    return this.expand(intent, list(form, 'expand'));
  }

  cancelPaymentIntent(id: string, form: FormObject): StripeObject {
    const intent = this.get(this.state.paymentIntents, 'payment_intent', id);
    if (!CANCELABLE.has(intent.status as string)) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${String(intent.status)}.`,
        'payment_intent_unexpected_state',
      );
    }
    return this.markCanceled(intent, str(form, 'cancellation_reason') ?? 'requested_by_customer');
  }

  /** What Stripe does when an uncaptured hold reaches its capture_before. */
  markCanceled(intent: StripeObject, reason: string): StripeObject {
    Object.assign(intent, {
      status: 'canceled',
      cancellation_reason: reason,
      canceled_at: this.seconds(),
      amount_capturable: 0,
    });
    return intent;
  }

  createRefund(form: FormObject): StripeObject {
    const piId = str(form, 'payment_intent');
    if (!piId) throw invalid('Missing required param: payment_intent.', 'parameter_missing');
    const intent = this.get(this.state.paymentIntents, 'payment_intent', piId);
    if (intent.status !== 'succeeded') {
      throw invalid(`PaymentIntent ${piId} has no successful charge to refund.`, 'charge_not_captured');
    }
    const charge = this.get(this.state.charges, 'charge', intent.latest_charge as string);
    const remaining = (charge.amount_captured as number) - (charge.amount_refunded as number);
    const amount = str(form, 'amount') === undefined ? remaining : Number(str(form, 'amount'));
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) {
      throw invalid(
        `Refund amount (${String(amount)}) is greater than unrefunded amount on charge (${remaining}).`,
        remaining === 0 ? 'charge_already_refunded' : 'amount_too_large',
      );
    }
    const refunded = (charge.amount_refunded as number) + amount;
    Object.assign(charge, { amount_refunded: refunded, refunded: refunded === charge.amount_captured });
    const refund = {
      id: this.id('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      charge: charge.id,
      payment_intent: piId,
      status: 'succeeded',
      metadata: form.metadata ?? {},
      created: this.seconds(),
    };
    this.state.refunds.set(refund.id, refund);
    return refund;
  }

  private expand(intent: StripeObject, expand: string[]): StripeObject {
    if (!expand.includes('latest_charge') || typeof intent.latest_charge !== 'string') return intent;
    return { ...intent, latest_charge: this.state.charges.get(intent.latest_charge) ?? null };
  }
}
