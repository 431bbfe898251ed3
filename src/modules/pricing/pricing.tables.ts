/**
 * The pricing module's tables. Only the pricing repository queries them. Portable types: text ids,
 * ISO-8601 UTC timestamp text, 0/1 integer booleans, money as integer minor units.
 */

export interface RegionTable {
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** ISO 4217 */
  currency: string;
  /** 2000 = 20 % */
  tax_rate_bp: number;
  /** 0/1: tariff prices include the tax */
  tax_included: number;
  max_rental_hours: number;
  updated_at: string;
}

/** Immutable: a row is written once when a version is published and never updated. */
export interface TariffTable {
  /** trf_… */
  id: string;
  country: string;
  /** 1, 2, 3… per country; unique (country, version) */
  version: number;
  effective_from: string;
  currency: string;
  unlock_fee: number;
  free_minutes: number;
  period_minutes: number;
  price_per_period: number;
  daily_cap: number;
  max_charge: number;
  created_at: string;
  created_by: string;
}

export interface PricingTables {
  pricing_regions: RegionTable;
  pricing_tariffs: TariffTable;
}
