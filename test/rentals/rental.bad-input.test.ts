import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/kernel/clock.js';
import { t, type Locale } from '../../src/kernel/i18n/index.js';
import { startRentalWorld, type ManualStation, type RentalWorld } from '../helpers/rental.world.js';
import {
  CARDS,
  expectNoRentalNorMoney,
  expectProblem,
  expectStillRentable,
  riderWithCard,
} from '../helpers/rider.fixtures.js';
import { waitFor } from '../helpers/sim.helpers.js';

const BODY_LIMIT = 2048;

/**
 * Bad input to `POST /v1/rentals` (and the rider endpoints around it) over real HTTP, with stations
 * driven by the test over real MQTT: each case answers a clear problem+json in the rider's language,
 * and leaves nothing behind — no rental, no money held, no eject, the power bank still for rent.
 * HTTP behaviour, so SQLite only.
 */
describe('bad input to a rental on sqlite', () => {
  const clock = new TestClock('2026-11-23T10:00:00.000Z');
  let world: RentalWorld;
  let n = 0;

  beforeAll(async () => {
    world = await startRentalWorld('sqlite', {
      clock,
      env: { HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
    });
  }, 60_000);
  afterAll(() => world?.close());

  /** A fresh online station with one charged power bank, so each case starts from a station that works. */
  async function station(): Promise<ManualStation & { bankId: string }> {
    n += 1;
    const bankId = `pb_bad_${n}`;
    const manual = await world.addManualStation({ country: 'GB', banks: [{ slot: 1, powerBankId: bankId }] });
    return { ...manual, bankId };
  }

  const lang = (locale: Locale) => ({ 'accept-language': locale });

  /** Nothing visible came of the request: no rental or money for the rider, no eject, the bank still for rent. */
  async function expectNothingWritten(
    rider: Parameters<typeof expectNoRentalNorMoney>[1],
    at: ManualStation & { bankId: string },
  ) {
    await expectNoRentalNorMoney(world, rider);
    expect(at.station.commands).toEqual([]);
    await expectStillRentable(world, at.id, at.bankId);
  }

  it('an unknown station id: 404 in French, nothing rented', async () => {
    const rider = await riderWithCard(world);
    const stationId = 'stn_01JDNOSUCHSTATION0000000000';
    const res = await world.http('POST', '/v1/rentals', {
      body: { stationId },
      headers: { ...rider.auth, ...lang('fr-FR') },
    });
    expectProblem(
      res,
      404,
      'FLEET_STATION_NOT_FOUND',
      t('fr-FR', 'problem.FLEET_STATION_NOT_FOUND.detail', { stationId }),
    );
    expect(res.headers.get('content-language')).toBe('fr-FR');
    await expectNoRentalNorMoney(world, rider);
  });

  it('an unknown QR code: 404 naming the code in German, nothing rented', async () => {
    const rider = await riderWithCard(world);
    const at = await station();
    const res = await world.http('POST', '/v1/rentals', {
      body: { stationCode: 'NOPE-0000' },
      headers: { ...rider.auth, ...lang('de-DE') },
    });
    expectProblem(
      res,
      404,
      'FLEET_STATION_NOT_FOUND',
      t('de-DE', 'problem.FLEET_STATION_NOT_FOUND.detail.byCode', { code: 'NOPE-0000' }),
    );
    expect(res.json.detail).toBe('Keine Station hat den Code NOPE-0000');
    await expectNothingWritten(rider, at);
  });

  it('no card on file: 402 PAYMENT_NO_CARD in Japanese, no hold, no eject, the bank still for rent', async () => {
    const rider = await world.signUp();
    const at = await station();
    const res = await world.http('POST', '/v1/rentals', {
      body: { stationCode: at.code },
      headers: { ...rider.auth, ...lang('ja-JP'), 'idempotency-key': 'no-card-tap' },
    });
    expectProblem(res, 402, 'PAYMENT_NO_CARD', t('ja-JP', 'problem.PAYMENT_NO_CARD.detail'));
    await expectNothingWritten(rider, at);
  });

  it.each([
    ['a declined card', 'PAYMENT_DECLINED', CARDS.declined, 'fr-FR'],
    ['a card without funds', 'PAYMENT_INSUFFICIENT_FUNDS', CARDS.insufficient_funds, 'de-DE'],
    [
      'a card asking for 3-D Secure',
      'PAYMENT_AUTHENTICATION_REQUIRED',
      CARDS.authentication_required,
      'ja-JP',
    ],
    ['an expired card', 'PAYMENT_CARD_EXPIRED', CARDS.expired_card, 'es-ES'],
  ] as const)(
    '%s: 402 %s in the rider’s language, no hold left, the bank goes to the next rider',
    async (_name, code, card, locale) => {
      const rider = await riderWithCard(world, card);
      const at = await station();
      const res = await world.http('POST', '/v1/rentals', {
        body: { stationId: at.id },
        headers: { ...rider.auth, ...lang(locale) },
      });
      expectProblem(res, 402, code, t(locale, `problem.${code}.detail`));
      await expectNothingWritten(rider, at);

      // The refused rental reserved nothing: the next rider gets that very power bank.
      const next = await riderWithCard(world);
      const rented = await world.http('POST', '/v1/rentals', {
        body: { stationId: at.id },
        headers: next.auth,
      });
      expect(rented.status, rented.text).toBe(201);
      expect(rented.json.powerBankId).toBe(at.bankId);
    },
  );

  it('a station that stopped talking: 409 RENTAL_STATION_OFFLINE in French, nothing rented', async () => {
    const at = await station();
    // The station goes silent; three missed heartbeats later the gateway's sweep calls it offline.
    clock.advance(3 * 60_000 + 1_000);
    await waitFor(
      async () => (await world.platform.fleet.stations.findStation(at.id))?.connectivity === 'offline',
      10_000,
      'the silent station to be marked offline',
    );
    const rider = await riderWithCard(world);
    const res = await world.http('POST', '/v1/rentals', {
      body: { stationCode: at.code },
      headers: { ...rider.auth, ...lang('fr-FR') },
    });
    expectProblem(
      res,
      409,
      'RENTAL_STATION_OFFLINE',
      t('fr-FR', 'problem.RENTAL_STATION_OFFLINE.detail', { stationId: at.id }),
    );
    await expectNothingWritten(rider, at);

    // Back online, the same rider rents that power bank: the refusal held nothing back.
    await at.station.heartbeat();
    await waitFor(
      async () => (await world.platform.fleet.stations.findStation(at.id))?.connectivity === 'online',
      10_000,
      'the station to be online again',
    );
    const rented = await world.http('POST', '/v1/rentals', {
      body: { stationId: at.id },
      headers: rider.auth,
    });
    expect(rented.status, rented.text).toBe(201);
    expect(rented.json.powerBankId).toBe(at.bankId);
  });

  it('an expired access token: 401 AUTH_TOKEN_EXPIRED in German with a challenge, nothing rented', async () => {
    const rider = await riderWithCard(world);
    clock.advance(15 * 60_000 + 1_000);
    const at = await station();
    const res = await world.http('POST', '/v1/rentals', {
      body: { stationId: at.id },
      headers: { ...rider.auth, ...lang('de-DE') },
    });
    expectProblem(res, 401, 'AUTH_TOKEN_EXPIRED', t('de-DE', 'problem.AUTH_TOKEN_EXPIRED.detail'));
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    const reads = await world.http('GET', '/v1/me/payments', { headers: rider.auth });
    expectProblem(reads, 401, 'AUTH_TOKEN_EXPIRED');

    // With a refreshed token the rider sees that nothing was rented or held.
    const refreshed = await world.http('POST', '/v1/auth/refresh', {
      body: { refreshToken: rider.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const fresh = { ...rider, auth: { authorization: `Bearer ${refreshed.json.accessToken as string}` } };
    await expectNothingWritten(fresh, at);
  });

  it.each([
    ['a JSON syntax error', 400, 'MALFORMED_JSON', 'application/json', '{"stationId": "stn_', 'fr-FR'],
    ['an empty JSON body', 400, 'MALFORMED_JSON', 'application/json', '', 'ja-JP'],
    [
      'a form',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'application/x-www-form-urlencoded',
      'stationId=stn_1',
      'de-DE',
    ],
    ['plain text', 400, 'VALIDATION_FAILED', 'text/plain', 'stationId=stn_1', 'nl-NL'],
  ] as const)(
    '%s: %i %s in the rider’s language, nothing rented',
    async (_name, status, code, contentType, raw, locale) => {
      const rider = await riderWithCard(world);
      const at = await station();
      const res = await world.http('POST', '/v1/rentals', {
        body: raw,
        headers: { ...rider.auth, ...lang(locale), 'content-type': contentType },
      });
      const detail = {
        MALFORMED_JSON: t(locale, 'problem.MALFORMED_JSON.detail'),
        UNSUPPORTED_MEDIA_TYPE: t(locale, 'problem.UNSUPPORTED_MEDIA_TYPE.generic'),
        VALIDATION_FAILED: t(locale, 'problem.VALIDATION_FAILED.generic'),
      }[code];
      expectProblem(res, status, code, detail);
      await expectNothingWritten(rider, at);
    },
  );

  it('a body over HTTP_BODY_LIMIT_BYTES: 413 PAYLOAD_TOO_LARGE in German, nothing rented or saved', async () => {
    const rider = await riderWithCard(world);
    const at = await station();
    const huge = JSON.stringify({ stationId: at.id, note: 'x'.repeat(BODY_LIMIT) });
    const res = await world.http('POST', '/v1/rentals', {
      body: huge,
      headers: { ...rider.auth, ...lang('de-DE') },
    });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE', t('de-DE', 'problem.PAYLOAD_TOO_LARGE.detail'));
    await expectNothingWritten(rider, at);

    // The same limit guards the card endpoint: no card is saved from an oversize body.
    const card = await world.http('POST', '/v1/me/cards', {
      body: JSON.stringify({ testCard: CARDS.declined, note: 'x'.repeat(BODY_LIMIT) }),
      headers: { ...rider.auth, ...lang('de-DE') },
    });
    expectProblem(card, 413, 'PAYLOAD_TOO_LARGE');
    const cards = await world.http('GET', '/v1/me/cards', { headers: rider.auth });
    expect(cards.json.items.map((c: { id: string }) => c.id)).toEqual([rider.cardId]);
  });

  it.each([
    ['neither stationId nor stationCode', {}],
    ['both stationId and stationCode', { stationId: 'stn_x', stationCode: 'ABC' }],
  ])('%s: 400 naming stationId, nothing rented', async (_name, body) => {
    const rider = await riderWithCard(world);
    const at = await station();
    const en = await world.http('POST', '/v1/rentals', {
      body,
      headers: { ...rider.auth, ...lang('en-GB') },
    });
    expectProblem(en, 400, 'VALIDATION_FAILED');
    expect(en.json.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/stationId/) })]);
    expect(en.json.detail).toMatch(/stationId/);
    const fr = await world.http('POST', '/v1/rentals', {
      body,
      headers: { ...rider.auth, ...lang('fr-FR') },
    });
    expectProblem(fr, 400, 'VALIDATION_FAILED', t('fr-FR', 'problem.VALIDATION_FAILED.generic'));
    expect(fr.json.errors).toEqual(en.json.errors);
    await expectNothingWritten(rider, at);
  });

  it('an unknown body field: 400 naming it, nothing rented', async () => {
    const rider = await riderWithCard(world);
    const at = await station();
    const res = await world.http('POST', '/v1/rentals', {
      body: { stationId: at.id, station: at.code },
      headers: { ...rider.auth, ...lang('it-IT') },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED', t('it-IT', 'problem.VALIDATION_FAILED.generic'));
    expect(res.json.errors).toEqual([{ field: 'body/station', message: 'is not allowed' }]);
    await expectNothingWritten(rider, at);
  });

  it('a card number the sandbox does not know: 400 naming the field, no card saved', async () => {
    const rider = await world.signUp();
    const res = await world.http('POST', '/v1/me/cards', {
      body: { testCard: '4111111111111111' },
      headers: { ...rider.auth, ...lang('nl-NL') },
    });
    expectProblem(
      res,
      400,
      'PAYMENT_TEST_CARD_UNKNOWN',
      t('nl-NL', 'problem.PAYMENT_TEST_CARD_UNKNOWN.detail'),
    );
    expect(res.json.errors).toEqual([{ field: 'body/testCard', message: 'is not a sandbox test card' }]);
    expect((await world.http('GET', '/v1/me/cards', { headers: rider.auth })).json.items).toEqual([]);
    // Without a card, renting is still refused as "add a card".
    const at = await station();
    const rent = await world.http('POST', '/v1/rentals', { body: { stationId: at.id }, headers: rider.auth });
    expectProblem(rent, 402, 'PAYMENT_NO_CARD');
    await expectNothingWritten(rider, at);
  });
  it('a rider whose profile is French reads the refusal in French when the app names no language we speak', async () => {
    // Accept-Language decides (the device's language now); the profile stands in when it names none
    // of ours — the same rule as rental messages and receipts.
    const rider = await world.signUp({ locale: 'fr-FR' });
    expect((await world.http('GET', '/v1/me', { headers: rider.auth })).json.locale).toBe('fr-FR');
    const at = await station();
    const res = await world.http('POST', '/v1/rentals', {
      body: { stationId: at.id },
      headers: { ...rider.auth, 'accept-language': 'pt-BR' },
    });
    expectProblem(res, 402, 'PAYMENT_NO_CARD', t('fr-FR', 'problem.PAYMENT_NO_CARD.detail'));
    await expectNothingWritten(rider, at);
  });
});
