import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityApp, identityHarness, type IdentityHarness } from './identity.harness.js';

describe('the rider’s own data over HTTP: /v1/me', () => {
  let h: IdentityHarness;
  let app: FastifyInstance;
  let n = 0;
  const blocked = new Set<string>();

  beforeAll(async () => {
    h = await identityHarness('sqlite');
    h.identity.registerExporter('rentals', async (riderId) => [{ id: `rnt_of_${riderId}` }]);
    h.identity.registerErasureHook('rentals', {
      blocker: async (riderId) => (blocked.has(riderId) ? 'RENTAL_ACTIVE' : undefined),
      erase: async () => {},
    });
    app = await identityApp(h.identity);
  });
  afterAll(async () => {
    await app.close();
    await h.drop();
  });

  async function signIn() {
    const phone = `+3161234${String(++n).padStart(4, '0')}`;
    await app.inject({ method: 'POST', url: '/v1/auth/codes', payload: { phone } });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/tokens',
      payload: { phone, code: await h.latestCode(phone) },
      headers: { 'accept-language': 'nl-NL' },
    });
    const body = res.json<{ accessToken: string; refreshToken: string; rider: { id: string } }>();
    return { ...body, phone, auth: { authorization: `Bearer ${body.accessToken}` } };
  }

  it('shows each token its own rider only, and a change by one rider leaves the other untouched', async () => {
    const a = await signIn();
    const b = await signIn();
    const meA = await app.inject({ method: 'GET', url: '/v1/me', headers: a.auth });
    const meB = await app.inject({ method: 'GET', url: '/v1/me', headers: b.auth });
    expect(meA.json()).toMatchObject({ id: a.rider.id, phone: a.phone, locale: 'nl-NL' });
    expect(meB.json()).toMatchObject({ id: b.rider.id, phone: b.phone });

    const patched = await app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: a.auth,
      payload: { locale: 'en-US', country: 'US', currency: 'USD' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: a.rider.id, locale: 'en-US', country: 'US', currency: 'USD' });
    const exportB = await app.inject({ method: 'GET', url: '/v1/me/export', headers: b.auth });
    expect(JSON.stringify(exportB.json())).not.toContain(a.rider.id);
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers: b.auth })).json()).toMatchObject({
      locale: 'nl-NL',
      country: 'GB',
      currency: 'GBP',
    });
  });

  it('validates profile changes, naming the field, and changes nothing', async () => {
    const a = await signIn();
    const patch = (payload: unknown) =>
      app.inject({ method: 'PATCH', url: '/v1/me', headers: a.auth, payload: payload as object });
    const cases: [unknown, string][] = [
      [{ locale: 'xx-XX' }, 'body/locale'],
      [{ currency: 'BTC' }, 'body/currency'],
      [{ country: 'gb' }, 'body/country'],
      [{ country: 'QQ' }, 'body/country'],
      [{ nickname: 'x' }, 'body/nickname'],
    ];
    for (const [payload, field] of cases) {
      const res = await patch(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field }] });
    }
    const mixed = await patch({ locale: 'fr-FR', country: 'QQ' });
    expect(mixed.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers: a.auth })).json()).toMatchObject({
      locale: 'nl-NL',
      country: 'GB',
    });
  });

  it('exports identity’s data and every registered module’s part', async () => {
    const a = await signIn();
    const res = await app.inject({ method: 'GET', url: '/v1/me/export', headers: a.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const body = res.json();
    expect(body.identity.rider).toMatchObject({ id: a.rider.id, phone: a.phone });
    expect(body.identity.sessions).toHaveLength(1);
    expect(body.rentals).toEqual([{ id: `rnt_of_${a.rider.id}` }]);
    expect(res.body).not.toContain(a.refreshToken);
  });

  it('refuses deletion while a module objects, then deletes; the tokens stop working', async () => {
    const a = await signIn();
    blocked.add(a.rider.id);
    const refused = await app.inject({
      method: 'DELETE',
      url: '/v1/me',
      headers: { ...a.auth, 'accept-language': 'es-ES' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'IDENTITY_ERASURE_BLOCKED',
      detail:
        'Tu cuenta no se puede eliminar ahora mismo (RENTAL_ACTIVE); inténtalo de nuevo cuando esté resuelto',
    });
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers: a.auth })).statusCode).toBe(200);

    blocked.delete(a.rider.id);
    const deleted = await app.inject({ method: 'DELETE', url: '/v1/me', headers: a.auth });
    expect(deleted.statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/v1/me', headers: a.auth });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    const refresh = await app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: a.refreshToken },
    });
    expect(refresh.json()).toMatchObject({ code: 'AUTH_REFRESH_TOKEN_INVALID' });
  });

  it('documents every identity route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(Object.keys(doc.paths['/v1/me'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    for (const path of ['/v1/auth/codes', '/v1/auth/tokens', '/v1/auth/refresh', '/v1/auth/logout']) {
      expect(doc.paths[path], path).toHaveProperty('post');
    }
    expect(doc.paths['/v1/me/export']).toHaveProperty('get');
  });
});
