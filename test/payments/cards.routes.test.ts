import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TEST_CARDS } from '../../src/modules/payments/index.js';
import { newRider } from './payments.harness.js';
import { as, paymentsHttp, type PaymentsHttp } from './payments.http.js';

describe('rider cards API', () => {
  let fx: PaymentsHttp;
  beforeAll(async () => {
    fx = await paymentsHttp();
  });
  afterAll(() => fx.close());

  const add = (riderId: string, body: unknown, headers: Record<string, string> = {}) =>
    fx.app.inject({
      method: 'POST',
      url: '/v1/me/cards',
      headers: { ...as(riderId), ...headers },
      payload: body as object,
    });

  it('needs an authenticated rider', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/v1/me/cards' });
    expect(res.statusCode).toBe(401);
  });

  it('saves test cards; the first is the default; lists them; switches the default', async () => {
    const rider = newRider();
    const first = await add(rider, { testCard: SANDBOX_TEST_CARDS.succeeds });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ brand: 'visa', last4: '4242', isDefault: true });
    expect(JSON.stringify(first.json())).not.toContain('4242424242424242');
    const second = await add(rider, { testCard: SANDBOX_TEST_CARDS.declined });
    expect(second.json()).toMatchObject({ last4: '0002', isDefault: false });
    const list = await fx.app.inject({ method: 'GET', url: '/v1/me/cards', headers: as(rider) });
    expect(list.json().items.map((c: { last4: string }) => c.last4)).toEqual(['4242', '0002']);
    const def = await fx.app.inject({
      method: 'POST',
      url: `/v1/me/cards/${second.json().id}/default`,
      headers: as(rider),
    });
    expect(def.json()).toMatchObject({ id: second.json().id, isDefault: true });
    expect(await fx.payments.defaultCardId(rider)).toBe(second.json().id);
  });

  it('a retried save with the same Idempotency-Key saves one card', async () => {
    const rider = newRider();
    const headers = { 'idempotency-key': 'save-once' };
    const a = await add(rider, { testCard: SANDBOX_TEST_CARDS.succeeds }, headers);
    const b = await add(rider, { testCard: SANDBOX_TEST_CARDS.succeeds }, headers);
    expect(b.json().id).toBe(a.json().id);
    expect(await fx.payments.cards.list(rider)).toHaveLength(1);
  });

  it('removes a card; the newest remaining one becomes the default', async () => {
    const rider = newRider();
    const a = (await add(rider, { testCard: SANDBOX_TEST_CARDS.succeeds })).json();
    const b = (await add(rider, { testCard: SANDBOX_TEST_CARDS.insufficient_funds })).json();
    const del = await fx.app.inject({ method: 'DELETE', url: `/v1/me/cards/${a.id}`, headers: as(rider) });
    expect(del.statusCode).toBe(204);
    expect(await fx.payments.cards.list(rider)).toMatchObject([{ id: b.id, isDefault: true }]);
  });

  it('another rider’s card is 404, never 403, and stays untouched', async () => {
    const owner = newRider();
    const intruder = newRider();
    const card = (await add(owner, { testCard: SANDBOX_TEST_CARDS.succeeds })).json();
    for (const [method, url] of [
      ['DELETE', `/v1/me/cards/${card.id}`],
      ['POST', `/v1/me/cards/${card.id}/default`],
    ] as const) {
      const res = await fx.app.inject({ method, url, headers: as(intruder) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('PAYMENT_CARD_NOT_FOUND');
    }
    const listed = await fx.app.inject({ method: 'GET', url: '/v1/me/cards', headers: as(intruder) });
    expect(listed.json().items).toEqual([]);
    expect(await fx.payments.cards.list(owner)).toMatchObject([{ id: card.id, isDefault: true }]);
  });

  it.each([
    [{}, 'body'],
    [{ testCard: 'abc' }, 'body/testCard'],
    [{ testCard: SANDBOX_TEST_CARDS.succeeds, paymentMethodId: 'pm_1' }, 'body'],
    [{ testCard: SANDBOX_TEST_CARDS.succeeds, colour: 'red' }, 'body/colour'],
    [{ testCard: '4111111111111111' }, 'body/testCard'],
    [{ paymentMethodId: 'pm_123' }, 'body/paymentMethodId'],
  ])('bad input %j → 400 naming %s, nothing saved', async (body, field) => {
    const rider = newRider();
    const res = await add(rider, body, { 'accept-language': 'fr-FR' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await fx.payments.cards.list(rider)).toEqual([]);
  });

  it('card setup is a Stripe step: 409 on the sandbox', async () => {
    const res = await fx.app.inject({ method: 'POST', url: '/v1/me/cards/setup', headers: as(newRider()) });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PAYMENT_SETUP_UNSUPPORTED');
  });
});
