import { GB_TARIFF } from '../helpers/tariffs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../helpers/http-app.js';
import { pricingHttpFixture, type PricingHttpFixture } from './pricing-app.js';

const region = { currency: 'GBP', taxRateBasisPoints: 2000, taxIncluded: true, maxRentalHours: 120 };
const tariff = GB_TARIFF;

describe('pricing ops API', () => {
  let fx: PricingHttpFixture;
  beforeAll(async () => {
    fx = await pricingHttpFixture();
  });
  afterAll(() => fx.close());

  const send = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, headers: object = admin) =>
    fx.app.inject({ method, url, headers: { ...headers }, ...(payload ? { payload } : {}) });

  it('requires the admin token on every route, before reading the body', async () => {
    const routes: ['GET' | 'PUT' | 'POST', string, object?][] = [
      ['GET', '/v1/ops/regions'],
      ['PUT', '/v1/ops/regions/GB', region],
      ['GET', '/v1/ops/regions/GB/tariffs'],
      ['POST', '/v1/ops/regions/GB/tariffs', { nonsense: true }],
    ];
    for (const [method, url, body] of routes) {
      const none = await send(method, url, body, {});
      expect(none.statusCode, `${method} ${url}`).toBe(401);
      expect(none.json().code).toBe('AUTH_REQUIRED');
      const wrong = await send(method, url, body, { authorization: 'Bearer not-the-admin-token-at-all' });
      expect(wrong.json().code).toBe('AUTH_INVALID');
    }
    expect(await fx.catalog.listRegions()).toEqual([]);
  });

  it('creates a region, publishes versions and lists them', async () => {
    const put = await send('PUT', '/v1/ops/regions/GB', region);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ country: 'GB', ...region, updatedAt: fx.clock.now().toISOString() });
    expect((await send('GET', '/v1/ops/regions')).json()).toEqual({ items: [put.json()] });

    const v1 = await send('POST', '/v1/ops/regions/GB/tariffs', tariff);
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({
      country: 'GB',
      version: 1,
      ...tariff,
      effectiveFrom: fx.clock.now().toISOString(),
      createdBy: 'ops:admin',
    });
    const effectiveFrom = new Date(fx.clock.nowMs() + 86_400_000).toISOString();
    const v2 = await send('POST', '/v1/ops/regions/GB/tariffs', {
      ...tariff,
      pricePerPeriod: 175,
      effectiveFrom,
    });
    expect(v2.json()).toMatchObject({ version: 2, pricePerPeriod: 175, effectiveFrom });

    const list = await send('GET', '/v1/ops/regions/GB/tariffs');
    expect(list.json().items.map((t: { version: number }) => t.version)).toEqual([1, 2]);
    expect(list.json().items[0]).toEqual(v1.json());
  });

  it.each([
    ['body/unlockFee', { unlockFee: -1 }, 'VALIDATION_FAILED'],
    ['body/periodMinutes', { periodMinutes: 0 }, 'VALIDATION_FAILED'],
    ['body/maxCharge', { maxCharge: undefined }, 'VALIDATION_FAILED'],
    ['body/surcharge', { surcharge: 5 }, 'VALIDATION_FAILED'],
    ['body/unlockFee', { unlockFee: 3000 }, 'PRICING_INVALID_TARIFF'],
    ['body/currency', { currency: 'EUR' }, 'PRICING_CURRENCY_MISMATCH'],
    ['body/effectiveFrom', { effectiveFrom: '2020-01-01T00:00:00.000Z' }, 'PRICING_INVALID_TARIFF'],
  ])('refuses a bad tariff with 400 naming %s, and writes nothing', async (field, patch, code) => {
    const before = await fx.catalog.listTariffs('GB');
    const res = await fx.app.inject({
      method: 'POST',
      url: '/v1/ops/regions/GB/tariffs',
      headers: { ...admin, 'accept-language': 'de-DE' },
      payload: { ...tariff, ...patch },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, errors: [expect.objectContaining({ field })] });
    expect(await fx.catalog.listTariffs('GB')).toEqual(before);
  });

  it('refuses a bad region with 400 naming the field, and 404s tariffs of an unknown region', async () => {
    const bad = await send('PUT', '/v1/ops/regions/FR', {
      ...region,
      currency: 'EUR',
      taxRateBasisPoints: 20.5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body/taxRateBasisPoints');
    const badCurrency = await send('PUT', '/v1/ops/regions/FR', { ...region, currency: 'XYZ' });
    expect(badCurrency.statusCode).toBe(400);
    expect(badCurrency.json()).toMatchObject({
      code: 'PRICING_INVALID_REGION',
      errors: [{ field: 'body/currency' }],
    });
    const lower = await send('PUT', '/v1/ops/regions/fr', region);
    expect(lower.statusCode).toBe(400);
    expect(await fx.catalog.getRegion('FR')).toBeUndefined();

    const unknown = await send('GET', '/v1/ops/regions/FR/tariffs');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('PRICING_REGION_NOT_FOUND');
    const publish = await send('POST', '/v1/ops/regions/FR/tariffs', { ...tariff, currency: 'EUR' });
    expect(publish.statusCode).toBe(404);
  });

  it('refuses to change the currency of a region that has tariffs (409)', async () => {
    const res = await send('PUT', '/v1/ops/regions/GB', { ...region, currency: 'EUR' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PRICING_REGION_CURRENCY_LOCKED');
    expect((await fx.catalog.getRegion('GB'))?.currency).toBe('GBP');
  });
});
