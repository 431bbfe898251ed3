import type { PricingCatalog } from './pricing.catalog.js';
import type { RegionInput, TariffInput } from './pricing.types.js';

/** A demo region and its first tariff, in minor units of the region's currency. */
interface DemoPricing {
  region: RegionInput;
  tariff: Omit<TariffInput, 'currency'>;
}

const MAX_RENTAL_HOURS = 120;
const eur = (country: string, taxRateBasisPoints: number, tariff: DemoPricing['tariff']): DemoPricing => ({
  region: {
    country,
    currency: 'EUR',
    taxRateBasisPoints,
    taxIncluded: true,
    maxRentalHours: MAX_RENTAL_HOURS,
  },
  tariff,
});

/** Street prices of the networks this is modelled on; VAT at each country's standard rate, included. */
export const DEMO_PRICING: readonly DemoPricing[] = [
  {
    region: {
      country: 'GB',
      currency: 'GBP',
      taxRateBasisPoints: 2000,
      taxIncluded: true,
      maxRentalHours: MAX_RENTAL_HOURS,
    },
    tariff: {
      unlockFee: 100,
      freeMinutes: 5,
      periodMinutes: 30,
      pricePerPeriod: 150,
      dailyCap: 600,
      maxCharge: 2500,
    },
  },
  eur('FR', 2000, {
    unlockFee: 100,
    freeMinutes: 5,
    periodMinutes: 30,
    pricePerPeriod: 150,
    dailyCap: 700,
    maxCharge: 3000,
  }),
  eur('DE', 1900, {
    unlockFee: 100,
    freeMinutes: 5,
    periodMinutes: 30,
    pricePerPeriod: 150,
    dailyCap: 700,
    maxCharge: 3000,
  }),
  eur('ES', 2100, {
    unlockFee: 100,
    freeMinutes: 5,
    periodMinutes: 30,
    pricePerPeriod: 100,
    dailyCap: 500,
    maxCharge: 2500,
  }),
  eur('IT', 2200, {
    unlockFee: 100,
    freeMinutes: 5,
    periodMinutes: 30,
    pricePerPeriod: 150,
    dailyCap: 600,
    maxCharge: 2500,
  }),
  eur('NL', 2100, {
    unlockFee: 100,
    freeMinutes: 5,
    periodMinutes: 30,
    pricePerPeriod: 150,
    dailyCap: 700,
    maxCharge: 3000,
  }),
  {
    // Sales tax is added at the till in the US. The rate stands for the demo city, New York City
    // (8.875 % combined state and city sales tax), held to a whole basis point: 888.
    region: {
      country: 'US',
      currency: 'USD',
      taxRateBasisPoints: 888,
      taxIncluded: false,
      maxRentalHours: MAX_RENTAL_HOURS,
    },
    tariff: {
      unlockFee: 100,
      freeMinutes: 5,
      periodMinutes: 30,
      pricePerPeriod: 150,
      dailyCap: 700,
      maxCharge: 3000,
    },
  },
  {
    // Yen have no minor unit: 100 is ¥100.
    region: {
      country: 'JP',
      currency: 'JPY',
      taxRateBasisPoints: 1000,
      taxIncluded: true,
      maxRentalHours: MAX_RENTAL_HOURS,
    },
    tariff: {
      unlockFee: 100,
      freeMinutes: 5,
      periodMinutes: 30,
      pricePerPeriod: 150,
      dailyCap: 800,
      maxCharge: 3000,
    },
  },
];

export interface PricingSeedReport {
  regions: { created: number; existing: number };
  tariffs: { created: number; existing: number };
}

/**
 * Seeds the demo catalogue idempotently: a region is created only when the country has none, and a
 * tariff v1 only when the country has no version yet, so running it again, or after ops changed a
 * region or published v2, changes nothing.
 */
export async function seedPricingCatalog(catalog: PricingCatalog): Promise<PricingSeedReport> {
  const report: PricingSeedReport = {
    regions: { created: 0, existing: 0 },
    tariffs: { created: 0, existing: 0 },
  };
  for (const { region, tariff } of DEMO_PRICING) {
    const existing = await catalog.getRegion(region.country);
    if (existing) report.regions.existing++;
    else {
      await catalog.upsertRegion(region);
      report.regions.created++;
    }
    if ((await catalog.listTariffs(region.country)).length > 0) {
      report.tariffs.existing++;
      continue;
    }
    await catalog.publishTariff(
      region.country,
      { currency: existing?.currency ?? region.currency, ...tariff },
      // effectiveFrom left out: "now" as the catalogue reads its clock, which a timestamp taken here
      // would already be behind of.
      { createdBy: 'seed' },
    );
    report.tariffs.created++;
  }
  return report;
}
