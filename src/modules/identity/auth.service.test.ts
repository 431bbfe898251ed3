import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import { identityHarness, type IdentityHarness } from '../../../test/identity/identity.harness.js';

describe.each(testDialects())('one-time-code sign-in on %s', (dialect) => {
  let h: IdentityHarness;
  let n = 0;
  /** A destination no other test uses, so rate limits and codes do not leak between tests. */
  const email = () => `rider${++n}@example.com`;

  beforeAll(async () => {
    h = await identityHarness(dialect);
  });
  afterAll(() => h.drop());

  it('signs up on the first verification and signs the same rider in afterwards', async () => {
    const address = email();
    await h.identity.auth.requestCode({ email: ` ${address.toUpperCase()} ` }, 'fr-CH, en;q=0.5');
    const first = await h.identity.auth.signIn(
      { email: address, code: await h.latestCode(address), country: 'FR', currency: 'EUR' },
      'fr-CH',
    );
    expect(first.created).toBe(true);
    expect(first.rider).toMatchObject({ email: address, phone: null, locale: 'fr-FR', country: 'FR' });
    expect(first.rider.id).toMatch(/^rdr_[0-9A-Z]{26}$/);

    await h.identity.auth.requestCode({ email: address });
    const again = await h.identity.auth.signIn({ email: address, code: await h.latestCode(address) });
    expect(again.created).toBe(false);
    expect(again.rider.id).toBe(first.rider.id);
    expect(again.rider.currency).toBe('EUR');
  });

  it('uses defaults GB/GBP and sends the code by SMS in the rider’s language', async () => {
    const phone = '+447700900123';
    await h.identity.auth.requestCode({ phone }, 'de-DE');
    const sms = await h.identity.devOutbox.latest(phone);
    expect(sms).toMatchObject({ channel: 'sms', destination: phone, subject: null });
    expect(sms!.body).toMatch(/^Dein chargenet-Code lautet \d{6}\./);
    const { rider } = await h.identity.auth.signIn({ phone, code: await h.latestCode(phone) });
    expect(rider).toMatchObject({ phone, email: null, country: 'GB', currency: 'GBP', locale: 'en-GB' });
  });

  it('accepts a code only once', async () => {
    const address = email();
    await h.identity.auth.requestCode({ email: address });
    const code = await h.latestCode(address);
    await h.identity.auth.signIn({ email: address, code });
    await expect(h.identity.auth.signIn({ email: address, code })).rejects.toMatchObject({
      code: 'AUTH_CODE_EXPIRED',
      status: 401,
    });
  });

  it('lets two concurrent verifications of one code open exactly one session', async () => {
    const address = email();
    await h.identity.auth.requestCode({ email: address });
    const code = await h.latestCode(address);
    const results = await Promise.allSettled([
      h.identity.auth.signIn({ email: address, code }),
      h.identity.auth.signIn({ email: address, code }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses a code after it expires', async () => {
    const address = email();
    await h.identity.auth.requestCode({ email: address });
    const code = await h.latestCode(address);
    h.clock.advance(600_000);
    await expect(h.identity.auth.signIn({ email: address, code })).rejects.toMatchObject({
      code: 'AUTH_CODE_EXPIRED',
    });
  });

  it('burns a code after five wrong attempts, even for the right code', async () => {
    const address = email();
    await h.identity.auth.requestCode({ email: address });
    const code = await h.latestCode(address);
    const wrong = code === '000000' ? '111111' : '000000';
    const left: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const err = await h.identity.auth.signIn({ email: address, code: wrong }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'AUTH_CODE_INVALID' });
      left.push((err as { details: { attemptsLeft: number } }).details.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    await expect(h.identity.auth.signIn({ email: address, code })).rejects.toMatchObject({
      code: 'AUTH_CODE_EXPIRED',
    });
  });

  it('only the newest code signs in', async () => {
    const address = email();
    await h.identity.auth.requestCode({ email: address });
    const older = await h.latestCode(address);
    await h.identity.auth.requestCode({ email: address });
    const newer = await h.latestCode(address);
    if (older !== newer) {
      await expect(h.identity.auth.signIn({ email: address, code: older })).rejects.toMatchObject({
        code: 'AUTH_CODE_INVALID',
      });
    }
    await expect(h.identity.auth.signIn({ email: address, code: newer })).resolves.toMatchObject({
      created: true,
    });
  });

  it('sends at most five codes per destination per hour, then says when to retry', async () => {
    const address = email();
    for (let i = 0; i < 5; i++) {
      await h.identity.auth.requestCode({ email: address });
      h.clock.advance(60_000);
    }
    const err = await h.identity.auth.requestCode({ email: address }).catch((e: unknown) => e);
    // The first code was sent 5 minutes ago, so a slot frees in 55 minutes.
    expect(err).toMatchObject({
      code: 'AUTH_CODE_RATE_LIMITED',
      status: 429,
      details: { retryAfterSeconds: 3300 },
    });
    await h.identity.auth.requestCode({ email: email() }); // another destination is not limited
    h.clock.advance(3_300_000);
    await expect(h.identity.auth.requestCode({ email: address })).resolves.toMatchObject({
      channel: 'email',
    });
  });

  it('rejects bad destinations and profile fields without sending or writing anything', async () => {
    await expect(h.identity.auth.requestCode({ phone: '07700 900123' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'body/phone' }] },
    });
    await expect(h.identity.auth.requestCode({ email: 'not-an-address' })).rejects.toMatchObject({
      details: { errors: [{ field: 'body/email' }] },
    });
    await expect(h.identity.auth.requestCode({})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await h.identity.devOutbox.latest('07700 900123')).toBeUndefined();

    const address = email();
    await h.identity.auth.requestCode({ email: address });
    const code = await h.latestCode(address);
    await expect(h.identity.auth.signIn({ email: address, code, currency: 'XYZ' })).rejects.toMatchObject({
      details: { errors: [{ field: 'body/currency' }] },
    });
    await expect(h.identity.auth.signIn({ email: address, code, country: 'XX' })).rejects.toMatchObject({
      details: { errors: [{ field: 'body/country' }] },
    });
    // The code was not spent by the refused requests.
    await expect(h.identity.auth.signIn({ email: address, code })).resolves.toMatchObject({ created: true });
  });

  it('stores codes only as hashes', async () => {
    const address = email();
    await h.identity.auth.requestCode({ email: address });
    const code = await h.latestCode(address);
    const rows = await h.database.db
      .selectFrom('identity_login_codes')
      .select('code_hash')
      .where('destination', '=', address)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(rows[0]!.code_hash).not.toContain(code);
  });
});
