import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPricingCatalog } from '../../src/modules/pricing/index.js';
import { pricingHttpFixture, type PricingHttpFixture } from './pricing-app.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
// Intl puts a no-break space between a French amount and its € or % sign.
const nbsp = '\u00a0';

describe('quote API', () => {
  let fx: PricingHttpFixture;
  const stations: Record<string, string> = {};

  beforeAll(async () => {
    fx = await pricingHttpFixture();
    await seedPricingCatalog(fx.catalog);
    stations.GB = await fx.addStation('GB', 'QGB1');
    stations.FR = await fx.addStation('FR', 'QFR1');
    stations.JP = await fx.addStation('JP', 'QJP1');
    stations.BR = await fx.addStation('BR', 'QBR1');
  });
  afterAll(() => fx.close());

  const get = (url: string, acceptLanguage?: string) =>
    fx.app.inject({
      method: 'GET',
      url,
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    });

  it("quotes a station in its country's currency, with examples priced as a rental would be", async () => {
    const res = await get(`/v1/stations/${stations.GB}/quote`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('en-GB');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    const quote = res.json();
    expect(quote).toMatchObject({
      stationId: stations.GB,
      country: 'GB',
      currency: 'GBP',
      version: 1,
      unlockFee: 100,
      freeMinutes: 5,
      periodMinutes: 30,
      pricePerPeriod: 150,
      dailyCap: 600,
      maxCharge: 2500,
      maxRentalHours: 120,
      holdAmount: 700,
      taxRateBasisPoints: 2000,
      taxIncluded: true,
      examples: [
        { minutes: 30, gross: 250 },
        { minutes: 60, gross: 400 },
        { minutes: 180, gross: 700 },
        { minutes: 1440, gross: 700 },
      ],
    });
    expect(quote.tariffId).toMatch(/^trf_/);
    expect(quote.display.summary).toBe(
      '£1.00 to unlock, then £1.50 per 30 minutes after 5 free minutes, at most £6.00 a day',
    );
    expect(quote.display.tax).toBe('Prices include 20% tax');
  });

  it('formats the display for French riders', async () => {
    const res = await get(`/v1/stations/${stations.FR}/quote`, 'fr-CH, fr;q=0.9, en;q=0.5');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('fr-FR');
    const { currency, display } = res.json();
    expect(currency).toBe('EUR');
    expect(display).toMatchObject({
      locale: 'fr-FR',
      unlockFee: `1,00${nbsp}€`,
      pricePerPeriod: `1,50${nbsp}€`,
      dailyCap: `7,00${nbsp}€`,
      maxCharge: `30,00${nbsp}€`,
      examples: [
        { minutes: 30, gross: `2,50${nbsp}€` },
        { minutes: 60, gross: `4,00${nbsp}€` },
        { minutes: 180, gross: `8,00${nbsp}€` },
        { minutes: 1440, gross: `8,00${nbsp}€` },
      ],
      summary: `1,00${nbsp}€ pour le déverrouillage, puis 1,50${nbsp}€ par tranche de 30 minutes après 5 minutes gratuites, au maximum 7,00${nbsp}€ par jour`,
      tax: `Les prix incluent 20${nbsp}% de taxes`,
    });
  });

  it('formats yen for Japanese riders with no minor unit', async () => {
    const res = await get(`/v1/stations/${stations.JP}/quote`, 'ja');
    expect(res.statusCode).toBe(200);
    const quote = res.json();
    expect(quote).toMatchObject({ currency: 'JPY', unlockFee: 100, pricePerPeriod: 150, maxCharge: 3000 });
    expect(quote.examples.map((e: { gross: number }) => e.gross)).toEqual([250, 400, 900, 900]);
    expect(quote.display).toMatchObject({
      locale: 'ja-JP',
      unlockFee: '￥100',
      maxCharge: '￥3,000',
      examples: [
        { minutes: 30, gross: '￥250' },
        { minutes: 60, gross: '￥400' },
        { minutes: 180, gross: '￥900' },
        { minutes: 1440, gross: '￥900' },
      ],
      summary: 'ロック解除 ￥100、最初の5分間は無料、その後30分ごとに￥150、1日の上限は￥800',
      purchase: '120時間以内に返却されない場合、モバイルバッテリーを￥3,000でご購入いただきます',
    });
    expect(JSON.stringify(quote.display)).not.toMatch(/￥\d[\d,]*\.\d/);
  });

  it('quotes by the code on the QR sticker', async () => {
    const byCode = await get('/v1/quote?stationCode=QJP1');
    expect(byCode.statusCode).toBe(200);
    const byId = await get(`/v1/stations/${stations.JP}/quote`);
    expect(byCode.json()).toEqual(byId.json());
  });

  it('answers an unknown station with a localised 404', async () => {
    const byId = await get('/v1/stations/stn_nowhere/quote', 'de-DE');
    expect(byId.statusCode).toBe(404);
    expect(byId.headers['content-type']).toBe(PROBLEM);
    expect(byId.json()).toMatchObject({
      code: 'FLEET_STATION_NOT_FOUND',
      title: 'Nicht gefunden',
      detail: expect.stringContaining('stn_nowhere'),
    });
    const byCode = await get('/v1/quote?stationCode=NOPE1', 'fr-FR');
    expect(byCode.statusCode).toBe(404);
    expect(byCode.json()).toMatchObject({ code: 'FLEET_STATION_NOT_FOUND', title: 'Introuvable' });
    expect(byCode.json().detail).toContain('NOPE1');
    const bad = await get('/v1/quote?stationCode=no%20such');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 409 PRICING_NO_TARIFF, localised, for a station in a country that is not priced', async () => {
    const res = await get(`/v1/stations/${stations.BR}/quote`, 'es-ES');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'PRICING_NO_TARIFF',
      detail: 'No hay ninguna tarifa vigente en BR; sus estaciones aún no se pueden alquilar',
    });
  });

  it('shows a newly published version at once, and the new price in the examples', async () => {
    await fx.catalog.publishTariff(
      'GB',
      {
        currency: 'GBP',
        unlockFee: 0,
        freeMinutes: 0,
        periodMinutes: 60,
        pricePerPeriod: 200,
        dailyCap: 800,
        maxCharge: 2500,
      },
      { createdBy: 'test' },
    );
    const quote = (await get(`/v1/quote?stationCode=QGB1`)).json();
    expect(quote).toMatchObject({ version: 2, unlockFee: 0, holdAmount: 800 });
    expect(quote.examples[1]).toEqual({ minutes: 60, gross: 200 });
    expect(quote.display.summary).toBe('£0.00 to unlock, then £2.00 per 60 minutes, at most £8.00 a day');
  });
});
