import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityApp, identityHarness, type IdentityHarness } from './identity.harness.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('rider sign-in over HTTP', () => {
  let h: IdentityHarness;
  let app: FastifyInstance;
  let n = 0;
  const fresh = () => `http${++n}@example.com`;

  beforeAll(async () => {
    h = await identityHarness('sqlite');
    app = await identityApp(h.identity);
  });
  afterAll(async () => {
    await app.close();
    await h.drop();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers });

  async function signIn(email = fresh(), body: Record<string, string> = {}) {
    expect((await post('/v1/auth/codes', { email })).statusCode).toBe(202);
    const res = await post('/v1/auth/tokens', { email, code: await h.latestCode(email), ...body });
    expect(res.statusCode).toBe(200);
    return res.json<{ accessToken: string; refreshToken: string; rider: { id: string; email: string } }>();
  }

  it('signs up with a code from the dev outbox and reads the profile', async () => {
    const email = fresh();
    const sent = await post('/v1/auth/codes', { email }, { 'accept-language': 'it-IT' });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ channel: 'email', expiresIn: 600 });
    expect((await h.identity.devOutbox.latest(email))?.subject).toMatch(
      /^Il tuo codice di accesso chargenet: \d{6}$/,
    );

    const res = await post(
      '/v1/auth/tokens',
      { email, code: await h.latestCode(email), country: 'IT', currency: 'EUR' },
      { 'accept-language': 'it-IT' },
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, created: true });
    expect(body.rider).toMatchObject({ email, locale: 'it-IT', country: 'IT', currency: 'EUR' });

    const me = await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body.rider);
  });

  it('does not accept a login code twice', async () => {
    const email = fresh();
    await post('/v1/auth/codes', { email });
    const code = await h.latestCode(email);
    expect((await post('/v1/auth/tokens', { email, code })).statusCode).toBe(200);
    const replay = await post('/v1/auth/tokens', { email, code }, { 'accept-language': 'fr-FR' });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'AUTH_CODE_EXPIRED' });
    expect(replay.json().detail).toMatch(/^Aucun code valide pour cette adresse/);
  });

  it('answers the sixth code in an hour with 429 and Retry-After', async () => {
    const phone = '+33612345678';
    for (let i = 0; i < 5; i++) expect((await post('/v1/auth/codes', { phone })).statusCode).toBe(202);
    const res = await post('/v1/auth/codes', { phone }, { 'accept-language': 'de-DE' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toBe(PROBLEM);
    expect(res.headers['retry-after']).toBe('3600');
    expect(res.json()).toMatchObject({
      code: 'AUTH_CODE_RATE_LIMITED',
      title: 'Zu viele Anfragen',
      detail: 'Für diese Adresse wurden zu viele Codes angefordert; versuche es in 60 Minuten erneut',
    });
  });

  it('rotates refresh tokens; replaying a rotated one ends the session', async () => {
    const { refreshToken } = await signIn();
    const rotated = await post('/v1/auth/refresh', { refreshToken });
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json<{ refreshToken: string; accessToken: string }>();
    expect(next.refreshToken).not.toBe(refreshToken);

    const replay = await post('/v1/auth/refresh', { refreshToken }, { 'accept-language': 'fr-FR' });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({
      code: 'AUTH_REFRESH_TOKEN_REUSED',
      detail: expect.stringMatching(/^Ce jeton de renouvellement a déjà été utilisé/),
    });
    const afterReuse = await post('/v1/auth/refresh', { refreshToken: next.refreshToken });
    expect(afterReuse.json()).toMatchObject({ code: 'AUTH_REFRESH_TOKEN_INVALID' });
  });

  it('logs out: the refresh token stops working', async () => {
    const { refreshToken } = await signIn();
    const out = await post('/v1/auth/logout', { refreshToken });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect((await post('/v1/auth/refresh', { refreshToken })).statusCode).toBe(401);
  });

  it('refuses missing, invalid and expired access tokens with a localised 401', async () => {
    const { accessToken } = await signIn();
    const get = (authorization?: string) =>
      app.inject({
        method: 'GET',
        url: '/v1/me',
        headers: { 'accept-language': 'fr-FR', ...(authorization ? { authorization } : {}) },
      });

    const missing = await get();
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="chargenet"');
    expect(missing.headers['content-language']).toBe('fr-FR');
    expect(missing.json()).toMatchObject({
      code: 'AUTH_RIDER_REQUIRED',
      title: 'Non autorisé',
      detail: expect.stringMatching(/^Connectez-vous d’abord/),
    });

    const invalid = await get('Bearer nonsense');
    expect(invalid.statusCode).toBe(401);
    expect(invalid.headers['www-authenticate']).toBe('Bearer realm="chargenet", error="invalid_token"');
    expect(invalid.json()).toMatchObject({
      code: 'AUTH_TOKEN_INVALID',
      detail: 'Le jeton d’accès n’est pas valide ; reconnectez-vous',
    });

    h.clock.advance(15 * 60_000);
    const expired = await get(`Bearer ${accessToken}`);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({
      code: 'AUTH_TOKEN_EXPIRED',
      detail: 'Le jeton d’accès a expiré ; renouvelez-le ou reconnectez-vous',
    });
  });

  it('rejects bad input naming the field and writes nothing', async () => {
    const count = async (table: 'identity_login_codes' | 'identity_dev_outbox' | 'identity_riders') =>
      Number(
        (
          await h.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    const before = await Promise.all([
      count('identity_login_codes'),
      count('identity_dev_outbox'),
      count('identity_riders'),
    ]);

    const badPhone = await post('/v1/auth/codes', { phone: '07700 900123' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body/phone' }] });

    const badEmail = await post('/v1/auth/codes', { email: 'rider@' }, { 'accept-language': 'fr-FR' });
    expect(badEmail.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'body/email' }],
      detail: expect.stringMatching(/^La requête contient des valeurs non valides/),
    });

    const both = await post('/v1/auth/codes', { email: 'a@example.com', phone: '+447700900123' });
    expect(both.json()).toMatchObject({ errors: [{ field: 'body/email' }] });
    const neither = await post('/v1/auth/codes', {});
    expect(neither.json()).toMatchObject({ errors: [{ field: 'body/phone' }] });

    const badCurrency = await post('/v1/auth/tokens', {
      email: 'a@example.com',
      code: '123456',
      currency: 'XYZ',
    });
    expect(badCurrency.json()).toMatchObject({ errors: [{ field: 'body/currency' }] });
    const badCode = await post('/v1/auth/tokens', { email: 'a@example.com', code: '12ab' });
    expect(badCode.json()).toMatchObject({ errors: [{ field: 'body/code' }] });

    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/auth/codes',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@example.com"',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'MALFORMED_JSON' });

    const after = await Promise.all([
      count('identity_login_codes'),
      count('identity_dev_outbox'),
      count('identity_riders'),
    ]);
    expect(after).toEqual(before);
  });
});
