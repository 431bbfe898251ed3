import { STATUS_CODES } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES, isMessageKey, t, type MessageKey } from '../../src/kernel/i18n/index.js';
import { problemDetail, problemTitle } from '../../src/http/problem.js';
import { admin, httpFixture, type HttpFixture } from '../helpers/http-app.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

function titleKey(status: number): MessageKey {
  const key = `problem.title.${status}`;
  if (!isMessageKey(key)) throw new Error(`no catalogue title for status ${status}`);
  return key;
}

describe('localised problem+json', () => {
  let fx: HttpFixture;

  beforeAll(async () => {
    fx = await httpFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  const get = (url: string, acceptLanguage?: string, headers: Record<string, string> = {}) =>
    fx.app.inject({
      method: 'GET',
      url,
      headers: acceptLanguage ? { 'accept-language': acceptLanguage, ...headers } : headers,
    });

  it('answers an unknown station in French', async () => {
    const res = await get('/v1/stations/stn_unknown', 'fr-CH, fr;q=0.9, en;q=0.5');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe(PROBLEM);
    expect(res.headers['content-language']).toBe('fr-FR');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.json()).toEqual({
      type: 'urn:chargenet:problem:FLEET_STATION_NOT_FOUND',
      title: 'Introuvable',
      status: 404,
      detail: 'La station stn_unknown n’existe pas',
      code: 'FLEET_STATION_NOT_FOUND',
      instance: '/v1/stations/stn_unknown',
    });
  });

  it('answers an unknown station in Japanese', async () => {
    const res = await get('/v1/stations/stn_unknown', 'ja');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-language']).toBe('ja-JP');
    expect(res.json()).toMatchObject({
      code: 'FLEET_STATION_NOT_FOUND',
      title: '見つかりません',
      detail: 'ステーション stn_unknown は存在しません',
    });
  });

  it('falls back to British English for a language the network does not speak', async () => {
    for (const header of ['pt-BR, zh;q=0.8', undefined]) {
      const res = await get('/v1/stations/stn_unknown', header);
      expect(res.headers['content-language']).toBe('en-GB');
      expect(res.json()).toMatchObject({ title: 'Not Found', detail: 'Station stn_unknown does not exist' });
    }
  });

  it('picks the template variant the error carries values for (a station looked up by code)', async () => {
    const res = await get('/v1/stations/by-code/ZZZZ99', 'de-DE');
    expect(res.json()).toMatchObject({
      code: 'FLEET_STATION_NOT_FOUND',
      detail: 'Keine Station hat den Code ZZZZ99',
    });
  });

  it('localises an unknown route with its method and path', async () => {
    const res = await get('/v1/nothing-here?secret=1', 'es');
    expect(res.headers['content-language']).toBe('es-ES');
    expect(res.json()).toMatchObject({
      code: 'NOT_FOUND',
      title: 'No encontrado',
      detail: 'Ninguna ruta coincide con GET /v1/nothing-here',
    });
  });

  it('keeps the specific English text of a validation error in English and localises it elsewhere', async () => {
    const url = '/v1/stations/near?lat=91&lng=0';
    const en = (await get(url, 'en-US')).json();
    expect(en.detail).toBe('querystring/lat must be <= 90');
    const nl = await get(url, 'nl-NL');
    expect(nl.statusCode).toBe(400);
    expect(nl.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      title: 'Ongeldig verzoek',
      detail: 'Het verzoek bevat ongeldige waarden; zie errors voor de details per veld',
      errors: en.errors,
    });
  });

  it('localises the generic text of a server error and still hides its message', async () => {
    const broken = await httpFixture();
    try {
      await broken.fleet.stations.db.destroy();
      const res = await broken.app.inject({
        method: 'GET',
        url: '/v1/ops/commands',
        headers: { ...admin, 'accept-language': 'it' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-language']).toBe('it-IT');
      expect(res.json()).toMatchObject({
        code: 'INTERNAL_ERROR',
        title: 'Errore interno del server',
        detail: 'Si è verificato un errore imprevisto; indica l’ID della richiesta quando lo segnali',
      });
    } finally {
      await broken.close();
    }
  });
});

describe('problem texts', () => {
  // Every code the HTTP layer can emit today, with its status.
  const CODES: [string, number][] = [
    ['FLEET_STATION_NOT_FOUND', 404],
    ['FLEET_SITE_NOT_FOUND', 404],
    ['FLEET_POWER_BANK_NOT_FOUND', 404],
    ['FLEET_STATION_CODE_TAKEN', 409],
    ['FLEET_POWER_BANK_EXISTS', 409],
    ['FLEET_STATION_EXISTS', 409],
    ['FLEET_EJECT_IN_PROGRESS', 409],
    ['FLEET_COMMAND_NOT_FOUND', 404],
    ['FLEET_ALERT_NOT_FOUND', 404],
    ['FLEET_INVALID_INPUT', 400],
    ['MONEY_CURRENCY_MISMATCH', 400],
    ['MONEY_INVALID', 400],
    ['PRICING_INVALID_TARIFF', 400],
    ['PRICING_INVALID_TAX_RULE', 400],
    ['PRICING_INVALID_DURATION', 400],
    ['AUTH_REQUIRED', 401],
    ['AUTH_INVALID', 401],
    ['VALIDATION_FAILED', 400],
    ['MALFORMED_JSON', 400],
    ['PAYLOAD_TOO_LARGE', 413],
    ['NOT_FOUND', 404],
    ['BAD_REQUEST', 400],
    ['METHOD_NOT_ALLOWED', 405],
    ['NOT_ACCEPTABLE', 406],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['TOO_MANY_REQUESTS', 429],
    ['OPS_DISABLED', 503],
    ['COMMANDS_UNAVAILABLE', 503],
    ['GATEWAY_BROKER_UNAVAILABLE', 503],
    ['SERVICE_UNAVAILABLE', 503],
    ['INTERNAL_ERROR', 500],
  ];
  const SENTINEL = 'developer text in English';
  // What the errors carry in their details (the union: each template takes what it needs).
  const VALUES = {
    stationId: 'stn_1',
    siteId: 'sit_1',
    powerBankId: 'pbk_1',
    commandId: 'cmd_1',
    alertId: 'alr_1',
    code: 'AB12CD',
    left: 'GBP',
    right: 'EUR',
    method: 'GET',
    path: '/v1/x',
  };

  it.each(SUPPORTED_LOCALES.filter((l) => !l.startsWith('en-')))(
    '%s has its own title and detail for every code',
    (locale) => {
      for (const [code, status] of CODES) {
        expect(problemTitle(status, locale), `${code} title`).toBe(t(locale, titleKey(status)));
        expect(problemDetail(code, status, SENTINEL, locale, VALUES), code).not.toBe(SENTINEL);
      }
    },
  );

  it('tells a rider why a payment processor or the stations are unreachable, in their language, without the internal message', () => {
    const payment = problemDetail(
      'PAYMENT_PROVIDER_UNAVAILABLE',
      503,
      'Stripe is unavailable: ECONNRESET 10.0.0.7',
      'de-DE',
    );
    expect(payment).toBe(t('de-DE', 'problem.PAYMENT_PROVIDER_UNAVAILABLE.generic'));
    expect(payment).not.toMatch(/ECONNRESET|Stripe/);
    expect(problemDetail('GATEWAY_BROKER_UNAVAILABLE', 503, 'broker down', 'ja-JP')).toBe(
      t('ja-JP', 'problem.GATEWAY_BROKER_UNAVAILABLE.generic'),
    );
    expect(problemDetail('SOME_OTHER_FAILURE', 503, 'secret internals', 'fr-FR')).toBe(
      t('fr-FR', 'problem.INTERNAL_ERROR.detail'),
    );
  });

  it('en-GB titles are the HTTP status phrases', () => {
    for (const [, status] of CODES) expect(t('en-GB', titleKey(status))).toBe(STATUS_CODES[status]);
  });

  it('falls back to the English message for a code without a key, and to the status phrase for an unnamed status', () => {
    expect(problemDetail('SOMETHING_NEW', 400, SENTINEL, 'fr-FR')).toBe(SENTINEL);
    expect(problemTitle(418, 'fr-FR')).toBe(STATUS_CODES[418]);
  });
});
