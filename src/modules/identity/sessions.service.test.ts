import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import { identityHarness, type IdentityHarness } from '../../../test/identity/identity.harness.js';

describe.each(testDialects())('sessions and tokens on %s', (dialect) => {
  let h: IdentityHarness;
  let n = 0;

  beforeAll(async () => {
    h = await identityHarness(dialect);
  });
  afterAll(() => h.drop());

  async function signIn() {
    const email = `session${++n}@example.com`;
    await h.identity.auth.requestCode({ email });
    return h.identity.auth.signIn({ email, code: await h.latestCode(email) });
  }
  const bearer = (token: string) => `Bearer ${token}`;

  it('authenticates an access token as its own rider, with the profile other modules need', async () => {
    const a = await signIn();
    const b = await signIn();
    expect(await h.identity.authenticate(bearer(a.accessToken))).toEqual({
      riderId: a.rider.id,
      locale: 'en-GB',
      country: 'GB',
      currency: 'GBP',
    });
    expect((await h.identity.authenticate(bearer(b.accessToken))).riderId).toBe(b.rider.id);
    expect(a.expiresIn).toBe(900);
  });

  it('refuses missing, malformed, forged and expired access tokens with distinct codes', async () => {
    const { accessToken } = await signIn();
    await expect(h.identity.authenticate(undefined)).rejects.toMatchObject({ code: 'AUTH_RIDER_REQUIRED' });
    await expect(h.identity.authenticate('Basic abc')).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    await expect(h.identity.authenticate(bearer('not.a.jwt'))).rejects.toMatchObject({
      code: 'AUTH_TOKEN_INVALID',
    });
    const [header, payload, signature] = accessToken.split('.');
    const forged = `${header}.${payload}.${signature!.slice(0, -4)}AAAA`;
    await expect(h.identity.authenticate(bearer(forged))).rejects.toMatchObject({
      code: 'AUTH_TOKEN_INVALID',
    });
    h.clock.advance(900_000);
    await expect(h.identity.authenticate(bearer(accessToken))).rejects.toMatchObject({
      code: 'AUTH_TOKEN_EXPIRED',
      status: 401,
    });
  });

  it('remembers a verified access token only until it expires, and never for a forged twin', async () => {
    const { accessToken } = await signIn();
    const exp = (
      JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { exp: number }
    ).exp;
    expect((await h.identity.authenticate(bearer(accessToken))).riderId).toBeTruthy();
    const [header, payload, signature] = accessToken.split('.');
    await expect(
      h.identity.authenticate(bearer(`${header}.${payload}.${signature!.slice(0, -4)}AAAA`)),
    ).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    h.clock.advance(exp * 1000 - 1 - h.clock.nowMs());
    expect((await h.identity.authenticate(bearer(accessToken))).riderId).toBeTruthy();
    h.clock.advance(1);
    await expect(h.identity.authenticate(bearer(accessToken))).rejects.toMatchObject({
      code: 'AUTH_TOKEN_EXPIRED',
    });
  });

  it('rotates a refresh token: the new one works, the old one is spent', async () => {
    const first = await signIn();
    const second = await h.identity.auth.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await h.identity.authenticate(bearer(second.accessToken))).riderId).toBe(first.rider.id);
    const third = await h.identity.auth.refresh(second.refreshToken);
    expect(third.refreshToken).not.toBe(second.refreshToken);
  });

  it('revokes the whole family when a rotated refresh token is presented again', async () => {
    const first = await signIn();
    const second = await h.identity.auth.refresh(first.refreshToken);
    await expect(h.identity.auth.refresh(first.refreshToken)).rejects.toMatchObject({
      code: 'AUTH_REFRESH_TOKEN_REUSED',
      status: 401,
    });
    // The legitimate holder's current token died with the family.
    await expect(h.identity.auth.refresh(second.refreshToken)).rejects.toMatchObject({
      code: 'AUTH_REFRESH_TOKEN_INVALID',
    });
    // Other sign-ins of the same rider are unaffected.
    const other = await signIn();
    await expect(h.identity.auth.refresh(other.refreshToken)).resolves.toBeDefined();
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const { refreshToken } = await signIn();
    const results = await Promise.allSettled([
      h.identity.auth.refresh(refreshToken),
      h.identity.auth.refresh(refreshToken),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 'rejected')).not.toHaveLength(0);
  });

  it('logout ends the session; an unknown token is ignored', async () => {
    const first = await signIn();
    const second = await h.identity.auth.refresh(first.refreshToken);
    await h.identity.auth.logout(second.refreshToken);
    await expect(h.identity.auth.refresh(second.refreshToken)).rejects.toMatchObject({
      code: 'AUTH_REFRESH_TOKEN_INVALID',
    });
    await expect(h.identity.auth.logout('cnrt_unknown')).resolves.toBeUndefined();
  });

  it('refuses expired and unknown refresh tokens', async () => {
    const { refreshToken } = await signIn();
    await expect(h.identity.auth.refresh('cnrt_unknown')).rejects.toMatchObject({
      code: 'AUTH_REFRESH_TOKEN_INVALID',
    });
    h.clock.advance(30 * 24 * 3_600_000);
    await expect(h.identity.auth.refresh(refreshToken)).rejects.toMatchObject({
      code: 'AUTH_REFRESH_TOKEN_INVALID',
    });
  });

  it('stores refresh tokens only as hashes', async () => {
    const { refreshToken, rider } = await signIn();
    const rows = await h.database.db
      .selectFrom('identity_refresh_tokens')
      .select('token_hash')
      .where('rider_id', '=', rider.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(refreshToken.slice(5));
  });
});
