import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandling } from '../../../src/http/error-handler.js';
import type { ProviderEvent } from '../../../src/modules/payments/payments.provider.js';
import { stripeWebhookRoutes } from '../../../src/modules/payments/providers/stripe/index.js';
import { stripeFixture, type StripeFixture } from './stripe.fixture.js';

let fx: StripeFixture;
let app: FastifyInstance;
const received: ProviderEvent[] = [];

beforeAll(async () => {
  fx = await stripeFixture();
  app = Fastify();
  registerErrorHandling(app);
  await app.register(stripeWebhookRoutes, {
    prefix: '/v1',
    provider: fx.provider,
    onEvent: async (event) => {
      if (event.type === 'refund.updated' && event.refundId === 're_unappliable')
        throw new Error('database down');
      received.push(event);
    },
  });
  // A sibling route: the raw-body parser must stay inside the webhook plugin.
  app.post('/echo', async (request) => ({ body: request.body }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await fx.close();
});
beforeEach(() => {
  received.length = 0;
});

const post = (payload: string, signature?: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/payments/webhooks/stripe',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(signature ? { 'stripe-signature': signature } : {}),
    },
    payload,
  });

const intent = (fields: Record<string, unknown>) => ({ id: 'pi_123', object: 'payment_intent', ...fields });

describe('stripe webhook route', () => {
  it('verifies the signature, hands the mapped event to onEvent, then answers 200', async () => {
    const { payload, header } = fx.fake.signedWebhook(
      'payment_intent.succeeded',
      intent({ amount: 1500, amount_received: 1500, currency: 'jpy', status: 'succeeded' }),
    );
    const res = await post(payload, header);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true });
    expect(received).toEqual([
      { type: 'charge.succeeded', chargeId: 'pi_123', amount: { amount: 1500, currency: 'JPY' } },
    ]);
  });

  it('refuses a signature made with another secret: 400 problem+json, onEvent not called', async () => {
    const { payload, header } = fx.fake.signedWebhook(
      'payment_intent.succeeded',
      intent({ amount_received: 1 }),
      {
        secret: 'whsec_not_ours',
      },
    );
    const res = await post(payload, header);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 400,
      code: 'PAYMENT_WEBHOOK_INVALID',
      instance: '/v1/payments/webhooks/stripe',
    });
    expect(received).toEqual([]);
  });

  it('refuses a tampered body', async () => {
    const { payload, header } = fx.fake.signedWebhook(
      'payment_intent.succeeded',
      intent({ amount: 100, amount_received: 100, currency: 'gbp' }),
    );
    const res = await post(payload.replace('"amount_received":100', '"amount_received":100000'), header);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PAYMENT_WEBHOOK_INVALID' });
    expect(received).toEqual([]);
  });

  it('refuses a request without a signature, and a replayed old one', async () => {
    const fresh = fx.fake.signedWebhook(
      'payment_intent.canceled',
      intent({ cancellation_reason: 'automatic' }),
    );
    expect((await post(fresh.payload)).statusCode).toBe(400);
    const old = fx.fake.signedWebhook(
      'payment_intent.canceled',
      intent({ cancellation_reason: 'automatic' }),
      {
        timestampSeconds: Math.floor(fx.clock.nowMs() / 1000) - 3600,
      },
    );
    expect((await post(old.payload, old.header)).statusCode).toBe(400);
    expect(received).toEqual([]);
  });

  it('does not acknowledge an event that could not be applied, so Stripe sends it again', async () => {
    const { payload, header } = fx.fake.signedWebhook('refund.updated', {
      id: 're_unappliable',
      object: 'refund',
      status: 'succeeded',
    });
    const res = await post(payload, header);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL_ERROR' });
  });

  it('leaves JSON parsing of other routes alone', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(res.json()).toEqual({ body: { a: 1 } });
  });
});

describe('stripe webhook events', () => {
  const parse = (type: string, object: Record<string, unknown>) => {
    const { payload, header } = fx.fake.signedWebhook(type, object);
    return fx.provider.readWebhook(Buffer.from(payload), header);
  };

  it('maps an automatic cancellation to an expired authorisation; a requested one is ignored', async () => {
    expect(await parse('payment_intent.canceled', intent({ cancellation_reason: 'automatic' }))).toEqual({
      type: 'authorization.expired',
      authorizationId: 'pi_123',
    });
    expect(
      await parse('payment_intent.canceled', intent({ cancellation_reason: 'requested_by_customer' })),
    ).toEqual({
      type: 'ignored',
      processorType: 'payment_intent.canceled',
    });
  });

  it('maps a failed payment with its decline code', async () => {
    const failed = intent({
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(await parse('payment_intent.payment_failed', failed)).toEqual({
      type: 'charge.failed',
      chargeId: 'pi_123',
      declineCode: 'insufficient_funds',
    });
  });

  it.each(['refund.updated', 'charge.refund.updated'])('maps %s to refund.updated', async (type) => {
    expect(await parse(type, { id: 're_1', object: 'refund', status: 'failed' })).toEqual({
      type: 'refund.updated',
      refundId: 're_1',
      status: 'failed',
    });
  });

  it('maps setup_intent.succeeded to card.saved, fetching the card from Stripe', async () => {
    const { customerId } = await fx.provider.createCustomer({ riderId: 'rdr_wh' }, `cus-${randomUUID()}`);
    const card = await fx.provider.attachCard(
      customerId,
      { kind: 'payment_method', id: 'pm_card_visa' },
      `pm-${randomUUID()}`,
    );
    const setup = {
      id: 'seti_1',
      object: 'setup_intent',
      customer: customerId,
      payment_method: card.paymentMethodId,
      status: 'succeeded',
    };
    expect(await parse('setup_intent.succeeded', setup)).toEqual({ type: 'card.saved', customerId, card });
  });

  it('acknowledges events it has no use for as ignored', async () => {
    expect(await parse('customer.updated', { id: 'cus_1', object: 'customer' })).toEqual({
      type: 'ignored',
      processorType: 'customer.updated',
    });
  });

  it('parseWebhook (the port’s synchronous form) maps the same events', () => {
    const { payload, header } = fx.fake.signedWebhook(
      'payment_intent.succeeded',
      intent({ amount_received: 250, currency: 'eur' }),
    );
    expect(fx.provider.parseWebhook(Buffer.from(payload), header)).toEqual({
      type: 'charge.succeeded',
      chargeId: 'pi_123',
      amount: { amount: 250, currency: 'EUR' },
    });
    expect(() => fx.provider.parseWebhook(Buffer.from(payload), 't=1,v1=bad')).toThrow(
      expect.objectContaining({ code: 'PAYMENT_WEBHOOK_INVALID' }),
    );
  });
});
