import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/kernel/errors.js';
import { money, type Money } from '../../../src/kernel/money/index.js';
import { createStripeProvider } from '../../../src/modules/payments/providers/stripe/index.js';
import { startFakeStripe } from '../../helpers/fake-stripe/index.js';
import { stripeFixture, type StripeFixture } from './stripe.fixture.js';

let fx: StripeFixture;
beforeAll(async () => {
  fx = await stripeFixture();
});
afterAll(() => fx.close());

const key = (label: string) => `${label}-${randomUUID()}`;

async function savedCard(pm = 'pm_card_visa') {
  const { customerId } = await fx.provider.createCustomer({ riderId: `rdr_${randomUUID()}` }, key('cus'));
  const card = await fx.provider.attachCard(customerId, { kind: 'payment_method', id: pm }, key('card'));
  return { customerId, paymentMethodId: card.paymentMethodId, card };
}

const holdInput = (
  c: { customerId: string; paymentMethodId: string },
  amount: Money = money(2000, 'GBP'),
) => ({
  ...c,
  amount,
  reference: 'rental:rnt_test',
  idempotencyKey: key('auth'),
});

/** The form the fake received for the last request to a path. */
const lastForm = (path: string) => fx.fake.state.requests.filter((r) => r.path === path).at(-1)?.form;

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('stripe adapter: cards', () => {
  it('creates a customer tagged with the rider', async () => {
    const { customerId } = await fx.provider.createCustomer(
      { riderId: 'rdr_42', email: 'a@b.example' },
      key('cus'),
    );
    expect(customerId).toMatch(/^cus_/);
    expect(fx.fake.state.customers.get(customerId)).toMatchObject({
      email: 'a@b.example',
      metadata: { riderId: 'rdr_42' },
    });
  });

  it('starts a SetupIntent for off-session card payments and returns its client secret', async () => {
    const { customerId } = await fx.provider.createCustomer({ riderId: 'rdr_setup' }, key('cus'));
    const setup = await fx.provider.setupCard(customerId, key('setup'));
    expect(setup.setupId).toMatch(/^seti_/);
    expect(setup.clientSecret).toMatch(new RegExp(`^${setup.setupId}_secret_`));
    expect(fx.fake.state.setupIntents.get(setup.setupId)).toMatchObject({
      customer: customerId,
      usage: 'off_session',
      payment_method_types: ['card'],
    });
  });

  it('attaches a payment method and returns brand, last 4 digits and expiry', async () => {
    const { card, customerId } = await savedCard();
    expect(card).toEqual({
      paymentMethodId: expect.stringMatching(/^pm_/),
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2034,
    });
    expect(fx.fake.state.paymentMethods.get(card.paymentMethodId)?.customer).toBe(customerId);
  });

  it('refuses a card number: Stripe never sees card numbers', async () => {
    const before = fx.fake.state.requests.length;
    const err = await appError(
      fx.provider.attachCard('cus_x', { kind: 'test_card', number: '4242424242424242' }, key('c')),
    );
    expect(err).toMatchObject({ code: 'PAYMENT_CARD_INPUT_UNSUPPORTED', status: 400 });
    expect(fx.fake.state.requests.length).toBe(before);
  });

  it('detaches a card from the customer', async () => {
    const { card } = await savedCard();
    await fx.provider.detachCard(card.paymentMethodId);
    expect(fx.fake.state.paymentMethods.get(card.paymentMethodId)?.customer).toBeNull();
  });
});

describe('stripe adapter: holds and charges', () => {
  it('places a manual-capture, off-session hold that expires at the charge’s capture_before', async () => {
    const c = await savedCard();
    const auth = await fx.provider.authorize(holdInput(c));
    expect(auth).toEqual({
      id: expect.stringMatching(/^pi_/),
      status: 'authorized',
      expiresAt: '2026-11-30T09:00:00.000Z',
    });
    expect(lastForm('/v1/payment_intents')).toMatchObject({
      amount: '2000',
      currency: 'gbp',
      customer: c.customerId,
      payment_method: c.paymentMethodId,
      capture_method: 'manual',
      confirm: 'true',
      off_session: 'true',
      metadata: { reference: 'rental:rnt_test' },
    });
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card'],
  ])('maps %s to a declined hold and charge (%s)', async (pm, declineCode) => {
    const c = await savedCard(pm);
    const auth = await fx.provider.authorize(holdInput(c));
    expect(auth).toEqual({ id: expect.stringMatching(/^pi_/), status: 'declined', declineCode });
    const charge = await fx.provider.charge(holdInput(c, money(300, 'EUR')));
    expect(charge).toMatchObject({ status: 'declined', declineCode, amount: { amount: 0, currency: 'EUR' } });
  });

  it('answers pm_card_authenticationRequired off-session with requires_action', async () => {
    const c = await savedCard('pm_card_authenticationRequired');
    expect(await fx.provider.authorize(holdInput(c))).toMatchObject({ status: 'requires_action' });
    expect(await fx.provider.charge(holdInput(c))).toMatchObject({ status: 'requires_action' });
  });

  it('sends JPY as whole yen (zero-decimal), exactly our minor units', async () => {
    const c = await savedCard();
    const auth = await fx.provider.authorize(holdInput(c, money(1500, 'JPY')));
    expect(lastForm('/v1/payment_intents')).toMatchObject({ amount: '1500', currency: 'jpy' });
    const charge = await fx.provider.capture({
      authorizationId: auth.id,
      amount: money(1200, 'JPY'),
      idempotencyKey: key('cap'),
    });
    expect(lastForm(`/v1/payment_intents/${auth.id}/capture`)).toMatchObject({ amount_to_capture: '1200' });
    expect(charge.amount).toEqual({ amount: 1200, currency: 'JPY' });
  });

  it('captures with amount_to_capture and reports the PaymentIntent as the charge', async () => {
    const c = await savedCard();
    const auth = await fx.provider.authorize(holdInput(c));
    const charge = await fx.provider.capture({
      authorizationId: auth.id,
      amount: money(1840, 'GBP'),
      idempotencyKey: key('cap'),
    });
    expect(charge).toEqual({ id: auth.id, status: 'succeeded', amount: { amount: 1840, currency: 'GBP' } });
    expect(fx.fake.state.paymentIntents.get(auth.id)).toMatchObject({
      status: 'succeeded',
      amount_received: 1840,
    });
  });

  it('declines capturing a hold Stripe dropped (hold_expired); an off-session charge then takes the money', async () => {
    const c = await savedCard();
    const auth = await fx.provider.authorize(holdInput(c));
    fx.fake.expireIntent(auth.id);
    const capture = await fx.provider.capture({
      authorizationId: auth.id,
      amount: money(1700, 'GBP'),
      idempotencyKey: key('cap'),
    });
    expect(capture).toMatchObject({ id: auth.id, status: 'declined', declineCode: 'hold_expired' });
    const charge = await fx.provider.charge(holdInput(c, money(1700, 'GBP')));
    expect(charge).toMatchObject({ status: 'succeeded', amount: { amount: 1700, currency: 'GBP' } });
    expect(lastForm('/v1/payment_intents')).toMatchObject({
      capture_method: 'automatic',
      confirm: 'true',
      off_session: 'true',
    });
  });

  it('releases a hold; releasing a captured payment is refused', async () => {
    const c = await savedCard();
    const released = await fx.provider.authorize(holdInput(c));
    await fx.provider.cancel({ authorizationId: released.id, idempotencyKey: key('cancel') });
    expect(fx.fake.state.paymentIntents.get(released.id)?.status).toBe('canceled');

    const captured = await fx.provider.authorize(holdInput(c));
    await fx.provider.capture({
      authorizationId: captured.id,
      amount: money(100, 'GBP'),
      idempotencyKey: key('cap'),
    });
    const err = await appError(
      fx.provider.cancel({ authorizationId: captured.id, idempotencyKey: key('cancel') }),
    );
    expect(err).toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR', status: 502 });
  });

  it('refunds against the PaymentIntent', async () => {
    const c = await savedCard();
    const charge = await fx.provider.charge(holdInput(c, money(999, 'USD')));
    const refund = await fx.provider.refund({
      chargeId: charge.id,
      amount: money(250, 'USD'),
      idempotencyKey: key('re'),
    });
    expect(refund).toEqual({
      id: expect.stringMatching(/^re_/),
      status: 'succeeded',
      amount: { amount: 250, currency: 'USD' },
    });
    expect(fx.fake.state.refunds.get(refund.id)).toMatchObject({ payment_intent: charge.id, amount: 250 });
  });
});

describe('stripe adapter: idempotency and failures', () => {
  it('the same idempotency key twice makes one PaymentIntent', async () => {
    const c = await savedCard();
    const input = holdInput(c);
    const before = fx.fake.state.paymentIntents.size;
    const [a, b] = [await fx.provider.authorize(input), await fx.provider.authorize(input)];
    expect(b).toEqual(a);
    expect(fx.fake.state.paymentIntents.size).toBe(before + 1);
  });

  it('a Stripe 500 is retried by the SDK with the same key: one PaymentIntent', async () => {
    const c = await savedCard();
    const input = holdInput(c);
    const before = fx.fake.state.paymentIntents.size;
    fx.fake.failNext(1);
    expect(await fx.provider.authorize(input)).toMatchObject({ status: 'authorized' });
    expect(fx.fake.state.paymentIntents.size).toBe(before + 1);
    expect(fx.fake.state.requests.filter((r) => r.idempotencyKey === input.idempotencyKey)).toHaveLength(1);
  });

  it('reusing a key for a different request is a conflict, not a second payment', async () => {
    const c = await savedCard();
    const input = holdInput(c);
    await fx.provider.authorize(input);
    const err = await appError(fx.provider.authorize({ ...input, amount: money(2500, 'GBP') }));
    expect(err).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
  });

  it('Stripe failing on every retry is PAYMENT_PROVIDER_UNAVAILABLE', async () => {
    fx.fake.failNext(3, 503);
    const err = await appError(fx.provider.createCustomer({ riderId: 'rdr_503' }, key('cus')));
    expect(err).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', status: 503 });
  });

  it('Stripe unreachable is PAYMENT_PROVIDER_UNAVAILABLE', async () => {
    const down = await startFakeStripe();
    await down.close();
    const provider = createStripeProvider({
      secretKey: down.secretKey,
      webhookSecret: down.webhookSecret,
      apiHost: down.host,
      apiPort: down.port,
      apiProtocol: 'http',
    });
    const err = await appError(provider.createCustomer({ riderId: 'rdr_down' }, key('cus')));
    expect(err).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', status: 503 });
  });

  it('a wrong secret key is a provider error, not an outage', async () => {
    const provider = createStripeProvider({
      secretKey: 'sk_test_wrong',
      webhookSecret: fx.fake.webhookSecret,
      apiHost: fx.fake.host,
      apiPort: fx.fake.port,
      apiProtocol: 'http',
    });
    const err = await appError(provider.createCustomer({ riderId: 'rdr_key' }, key('cus')));
    expect(err).toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR', status: 502 });
  });
});
