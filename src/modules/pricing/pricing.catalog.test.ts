import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import {
  GB_REGION,
  GB_TARIFF,
  pricingFixture,
  type PricingFixture,
} from '../../../test/pricing/pricing.fixtures.js';
import { DEMO_PRICING, priceRental, seedPricingCatalog } from './index.js';
import type { RegionInput, Tariff } from './index.js';

const HOUR = 3_600_000;
const later = (fx: PricingFixture, ms: number) => new Date(fx.clock.nowMs() + ms).toISOString();

describe.each(testDialects())('pricing catalogue on %s', (dialect) => {
  let fx: PricingFixture;
  beforeAll(async () => {
    fx = await pricingFixture(dialect);
  });
  afterAll(() => fx.drop());

  /** A fresh country code per test, so tests on the shared database do not see each other's versions. */
  let n = 0;
  const newCountry = async (overrides: Partial<RegionInput> = {}) => {
    const country = `Q${String.fromCharCode(65 + n++)}`;
    await fx.catalog.upsertRegion({ ...GB_REGION, ...overrides, country });
    return country;
  };
  const publish = (country: string, patch: Partial<Tariff> = {}, effectiveFrom?: string) =>
    fx.catalog.publishTariff(
      country,
      { ...GB_TARIFF, ...patch },
      { createdBy: 'ops:test', ...(effectiveFrom ? { effectiveFrom } : {}) },
    );

  it('creates, reads, lists and changes regions', async () => {
    const country = await newCountry();
    expect(await fx.catalog.getRegion(country)).toEqual({
      ...GB_REGION,
      country,
      updatedAt: fx.clock.now().toISOString(),
    });
    fx.clock.advance(1000);
    await fx.catalog.upsertRegion({ ...GB_REGION, country, taxRateBasisPoints: 500, maxRentalHours: 48 });
    expect(await fx.catalog.getRegion(country)).toMatchObject({
      taxRateBasisPoints: 500,
      maxRentalHours: 48,
    });
    expect((await fx.catalog.listRegions()).map((r) => r.country)).toContain(country);
    expect(await fx.catalog.getRegion('ZZ')).toBeUndefined();
  });

  it.each([
    ['country', { country: 'gb' }],
    ['currency', { currency: 'XXX' }],
    ['taxRateBasisPoints', { taxRateBasisPoints: 10_001 }],
    ['taxRateBasisPoints', { taxRateBasisPoints: 887.5 }],
    ['maxRentalHours', { maxRentalHours: 0 }],
  ])('refuses a region with a bad %s', async (field, patch) => {
    await expect(fx.catalog.upsertRegion({ ...GB_REGION, country: 'QZ', ...patch })).rejects.toMatchObject({
      code: 'PRICING_INVALID_REGION',
      details: { field },
    });
    expect(await fx.catalog.getRegion('QZ')).toBeUndefined();
  });

  it('numbers versions 1, 2, 3 and never changes an earlier one', async () => {
    const country = await newCountry();
    const v1 = await publish(country);
    fx.clock.advance(1000);
    const v2 = await publish(country, { pricePerPeriod: 200 });
    const v3 = await publish(country, { dailyCap: 900 });
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    expect(v1.id).toMatch(/^trf_[0-9A-Z]{26}$/);
    expect(new Set([v1.id, v2.id, v3.id]).size).toBe(3);
    const listed = await fx.catalog.listTariffs(country);
    expect(listed).toEqual([v1, v2, v3]);
    expect(listed[0]).toMatchObject({ pricePerPeriod: 150, dailyCap: 600, createdBy: 'ops:test' });
  });

  it('refuses a tariff in another currency than the region, writing nothing', async () => {
    const country = await newCountry();
    await expect(publish(country, { currency: 'EUR' })).rejects.toMatchObject({
      code: 'PRICING_CURRENCY_MISMATCH',
      status: 400,
      details: { expected: 'GBP', actual: 'EUR', field: 'currency' },
    });
    expect(await fx.catalog.listTariffs(country)).toEqual([]);
  });

  it('refuses an invalid tariff, a past or malformed effectiveFrom, or an unknown region', async () => {
    const country = await newCountry();
    await expect(publish(country, { unlockFee: 3000 })).rejects.toMatchObject({
      code: 'PRICING_INVALID_TARIFF',
      details: { field: 'unlockFee' },
    });
    await expect(publish(country, {}, later(fx, -1))).rejects.toMatchObject({
      code: 'PRICING_INVALID_TARIFF',
      details: { field: 'effectiveFrom' },
    });
    await expect(publish(country, {}, 'next tuesday')).rejects.toMatchObject({
      details: { field: 'effectiveFrom' },
    });
    await expect(publish('QY')).rejects.toMatchObject({ code: 'PRICING_REGION_NOT_FOUND', status: 404 });
    expect(await fx.catalog.listTariffs(country)).toEqual([]);
  });

  it('freezes the newest version in force at the instant asked', async () => {
    const country = await newCountry();
    const start = fx.clock.nowMs();
    const v1 = await publish(country);
    const v2 = await publish(country, { pricePerPeriod: 200 }, later(fx, 2 * HOUR));
    // Published after v2 but in force before it: from 1 h to 2 h v3 applies, and from 2 h on still v3,
    // the newest version whose date has come.
    const v3 = await publish(country, { pricePerPeriod: 175 }, later(fx, HOUR));
    expect((await fx.catalog.freeze(country, start)).tariffId).toBe(v1.id);
    expect((await fx.catalog.freeze(country, start + HOUR - 1)).version).toBe(1);
    expect((await fx.catalog.freeze(country, start + HOUR)).tariffId).toBe(v3.id);
    expect((await fx.catalog.freeze(country, start + 3 * HOUR)).tariffId).toBe(v3.id);
    expect(v2.version).toBe(2);
    // A rental frozen on v1 is priced by v1 whatever was published since.
    const frozen = await fx.catalog.freeze(country, start);
    expect(priceRental(frozen.tariff, 40 * 60_000, frozen.taxRule).gross.amount).toBe(400);
  });

  it('carries the tax rule, the maximum rental period and the hold', async () => {
    const country = await newCountry({ taxRateBasisPoints: 888, taxIncluded: false, currency: 'USD' });
    await publish(country, { currency: 'USD' });
    const frozen = await fx.catalog.freeze(country, fx.clock.nowMs());
    expect(frozen).toMatchObject({
      country,
      version: 1,
      tariff: { ...GB_TARIFF, currency: 'USD' },
      taxRule: { rateBasisPoints: 888, included: false },
      maxRentalMs: 120 * HOUR,
      holdAmount: 700, // unlock fee + one day's cap, under the £25 maximum
    });
    const small = await newCountry();
    await publish(small, { unlockFee: 100, dailyCap: 600, maxCharge: 500 });
    expect((await fx.catalog.freeze(small, fx.clock.nowMs())).holdAmount).toBe(500);
  });

  it('answers 409 PRICING_NO_TARIFF for an unknown country, no version, or only a future one', async () => {
    const expectNoTariff = (country: string) =>
      expect(fx.catalog.freeze(country, fx.clock.nowMs())).rejects.toMatchObject({
        code: 'PRICING_NO_TARIFF',
        status: 409,
        details: { country },
      });
    await expectNoTariff('XX');
    const country = await newCountry();
    await expectNoTariff(country);
    await publish(country, {}, later(fx, HOUR));
    await expectNoTariff(country);
    fx.clock.advance(HOUR);
    expect((await fx.catalog.freeze(country, fx.clock.nowMs())).version).toBe(1);
  });

  it('caches freeze per country: a publish here shows at once, one from another process after the cache time', async () => {
    const country = await newCountry();
    await publish(country);
    const other = fx.otherProcess();
    expect((await other.freeze(country, fx.clock.nowMs())).version).toBe(1);
    await publish(country, { pricePerPeriod: 300 }); // this process: its own cache is dropped
    expect((await fx.catalog.freeze(country, fx.clock.nowMs())).version).toBe(2);
    expect((await other.freeze(country, fx.clock.nowMs())).version).toBe(1);
    fx.clock.advance(30_001);
    expect((await other.freeze(country, fx.clock.nowMs())).version).toBe(2);
  });

  it('gives concurrent publishes of one country distinct, consecutive versions', async () => {
    const country = await newCountry();
    const processes = [fx.catalog, fx.otherProcess(), fx.otherProcess(), fx.otherProcess()];
    const published = await Promise.all(
      processes.map((catalog, i) =>
        catalog.publishTariff(country, { ...GB_TARIFF, pricePerPeriod: 100 + i }, { createdBy: `p${i}` }),
      ),
    );
    expect(published.map((t) => t.version).sort()).toEqual([1, 2, 3, 4]);
    expect((await fx.catalog.listTariffs(country)).map((t) => t.version)).toEqual([1, 2, 3, 4]);
  });

  it("fixes a region's currency once it has tariffs; its tax may still change", async () => {
    const country = await newCountry();
    await fx.catalog.upsertRegion({ ...GB_REGION, country, currency: 'EUR' }); // no tariffs yet: allowed
    await publish(country, { currency: 'EUR' });
    await expect(fx.catalog.upsertRegion({ ...GB_REGION, country, currency: 'GBP' })).rejects.toMatchObject({
      code: 'PRICING_REGION_CURRENCY_LOCKED',
      status: 409,
    });
    await fx.catalog.upsertRegion({ ...GB_REGION, country, currency: 'EUR', taxRateBasisPoints: 2100 });
    expect((await fx.catalog.freeze(country, fx.clock.nowMs())).taxRule.rateBasisPoints).toBe(2100);
  });

  it('seeds the demo catalogue once; a second run changes nothing', async () => {
    const first = await seedPricingCatalog(fx.catalog);
    expect(first).toEqual({
      regions: { created: DEMO_PRICING.length, existing: 0 },
      tariffs: { created: DEMO_PRICING.length, existing: 0 },
    });
    const second = await seedPricingCatalog(fx.catalog);
    expect(second).toEqual({
      regions: { created: 0, existing: DEMO_PRICING.length },
      tariffs: { created: 0, existing: DEMO_PRICING.length },
    });
    const jp = await fx.catalog.freeze('JP', fx.clock.nowMs());
    expect(jp).toMatchObject({
      tariff: { currency: 'JPY', unlockFee: 100, maxCharge: 3000 },
      holdAmount: 900,
    });
    const us = await fx.catalog.freeze('US', fx.clock.nowMs());
    expect(us.taxRule).toEqual({ rateBasisPoints: 888, included: false });
    for (const country of ['GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'US', 'JP']) {
      expect((await fx.catalog.listTariffs(country)).map((t) => t.version)).toEqual([1]);
    }
  });
});
