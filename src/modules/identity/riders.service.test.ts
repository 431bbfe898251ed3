import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import { identityHarness, type IdentityHarness } from '../../../test/identity/identity.harness.js';

describe.each(testDialects())('rider profile, export and erasure on %s', (dialect) => {
  let h: IdentityHarness;
  let n = 0;
  let activeRentals: Set<string>;
  const erased: string[] = [];

  beforeAll(async () => {
    h = await identityHarness(dialect);
    activeRentals = new Set();
    h.identity.registerExporter('rentals', async (riderId) => ({ rentals: [{ riderId, minutes: 42 }] }));
    h.identity.registerErasureHook('rentals', {
      blocker: async (riderId) => (activeRentals.has(riderId) ? 'RENTAL_ACTIVE' : undefined),
      erase: async (riderId) => {
        erased.push(riderId);
      },
    });
  });
  afterAll(() => h.drop());

  async function signIn(phone = `+4477009${String(++n).padStart(5, '0')}`) {
    await h.identity.auth.requestCode({ phone });
    return { phone, ...(await h.identity.auth.signIn({ phone, code: await h.latestCode(phone) })) };
  }

  it('updates locale, country and currency, and validates each', async () => {
    const { rider } = await signIn();
    h.clock.advance(1000);
    const updated = await h.identity.riders.updateProfile(rider.id, { locale: 'ja-JP', currency: 'JPY' });
    expect(updated).toMatchObject({ locale: 'ja-JP', currency: 'JPY', country: 'GB' });
    expect(updated.updatedAt > rider.updatedAt).toBe(true);
    await expect(h.identity.riders.updateProfile(rider.id, { locale: 'xx-XX' })).rejects.toMatchObject({
      details: { errors: [{ field: 'body/locale' }] },
    });
    await expect(h.identity.riders.updateProfile(rider.id, { country: 'QQ' })).rejects.toMatchObject({
      details: { errors: [{ field: 'body/country' }] },
    });
    expect(await h.identity.riders.get(rider.id)).toMatchObject({ locale: 'ja-JP', country: 'GB' });
    // The principal other modules see follows the profile.
    const { accessToken } = await signIn((await h.identity.riders.get(rider.id)).phone!);
    expect(await h.identity.authenticate(`Bearer ${accessToken}`)).toMatchObject({
      locale: 'ja-JP',
      currency: 'JPY',
    });
  });

  it('exports identity’s data and every registered module’s part', async () => {
    const { rider, phone } = await signIn();
    const data = (await h.identity.riders.export(rider.id)) as {
      identity: { rider: { phone: string }; sessions: unknown[] };
      rentals: unknown;
    };
    expect(data.identity.rider.phone).toBe(phone);
    expect(data.identity.sessions).toHaveLength(1);
    expect(JSON.stringify(data.identity)).not.toMatch(/hash|cnrt_/);
    expect(data.rentals).toEqual({ rentals: [{ riderId: rider.id, minutes: 42 }] });
    expect(() => h.identity.registerExporter('identity', async () => null)).toThrow();
  });

  it('refuses to erase while a module objects, then erases and pseudonymises', async () => {
    const { rider, phone, accessToken, refreshToken } = await signIn();
    activeRentals.add(rider.id);
    await expect(h.identity.riders.erase(rider.id)).rejects.toMatchObject({
      code: 'IDENTITY_ERASURE_BLOCKED',
      status: 409,
      details: { hook: 'rentals', reason: 'RENTAL_ACTIVE' },
    });
    expect(erased).not.toContain(rider.id);
    expect((await h.identity.authenticate(`Bearer ${accessToken}`)).riderId).toBe(rider.id);

    activeRentals.delete(rider.id);
    await h.identity.riders.erase(rider.id);
    expect(erased).toContain(rider.id);
    const row = await h.database.db
      .selectFrom('identity_riders')
      .selectAll()
      .where('id', '=', rider.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: null, phone: null });
    expect(row.deleted_at).not.toBeNull();
    expect(await h.identity.devOutbox.latest(phone)).toBeUndefined();
    await expect(h.identity.authenticate(`Bearer ${accessToken}`)).rejects.toMatchObject({
      code: 'AUTH_TOKEN_INVALID',
    });
    await expect(h.identity.auth.refresh(refreshToken)).rejects.toMatchObject({
      code: 'AUTH_REFRESH_TOKEN_INVALID',
    });
    await expect(h.identity.riders.get(rider.id)).rejects.toMatchObject({ code: 'IDENTITY_RIDER_NOT_FOUND' });

    // The phone number is free again: signing up with it makes a new rider.
    const again = await signIn(phone);
    expect(again.created).toBe(true);
    expect(again.rider.id).not.toBe(rider.id);
  });
});
