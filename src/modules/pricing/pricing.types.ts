import type { Money } from '../../kernel/money/index.js';

/**
 * One tariff version. Money fields are integer minor units of `currency`; whether they include tax
 * is decided by the region's TaxRule, not by the tariff.
 */
export interface Tariff {
  readonly currency: string;
  /** Charged once per rental that started. */
  readonly unlockFee: number;
  /** Minutes at the start of a rental with no usage charge. */
  readonly freeMinutes: number;
  /** Length of a billing period; every started period is charged in full. */
  readonly periodMinutes: number;
  readonly pricePerPeriod: number;
  /** Most the usage charge can be for one started 24-hour day of the rental. */
  readonly dailyCap: number;
  /** Most a rental can ever cost: the power bank's price. */
  readonly maxCharge: number;
}

/** The region's tax: a rate in basis points (2000 = 20%) and whether tariff prices include it. */
export interface TaxRule {
  readonly rateBasisPoints: number;
  readonly included: boolean;
}

/** `power_bank_purchase`: an unreturned rental became a purchase of the power bank (pricePurchase). */
export type PriceLineCode = 'unlock_fee' | 'usage' | 'daily_cap' | 'max_charge' | 'power_bank_purchase';

/** A receipt line; reductions (daily_cap, max_charge) are negative. The lines sum to the charged total. */
export interface PriceLine {
  readonly code: PriceLineCode;
  readonly amount: Money;
  /** For `usage`: the number of started periods charged. */
  readonly quantity?: number;
}

export interface PriceBreakdown {
  readonly currency: string;
  readonly lines: readonly PriceLine[];
  readonly net: Money;
  readonly tax: Money;
  readonly gross: Money;
  /** Which cap bounded the price: 'max' wins over 'daily' when both applied. */
  readonly capped: 'daily' | 'max' | null;
  readonly chargedPeriods: number;
  readonly startedDays: number;
}

/**
 * The tariff version in force for a country at an instant, as frozen on a rental when it starts: a
 * rental is always priced with the version, tax rule and currency it started under.
 */
export interface FrozenTariff {
  tariffId: string;
  version: number;
  country: string;
  tariff: Tariff;
  taxRule: TaxRule;
  /** How long a rental may last before it becomes a purchase of the power bank (at tariff.maxCharge). */
  maxRentalMs: number;
  /** What a rental holds on the rider's card when it starts (minor units of tariff.currency). */
  holdAmount: number;
}

/** A country's pricing settings: its currency, its tax and how long a rental may last. */
export interface Region {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  /** ISO 4217; every tariff of the region is in it. */
  currency: string;
  taxRateBasisPoints: number;
  /** true: tariff prices include the tax (VAT); false: it is added on top (US sales tax). */
  taxIncluded: boolean;
  /** A rental not returned within this many hours becomes a purchase of the power bank. */
  maxRentalHours: number;
  updatedAt: string;
}

export type RegionInput = Omit<Region, 'updatedAt'>;

/** One published, immutable tariff version of a country. */
export interface TariffVersion extends Tariff {
  id: string;
  country: string;
  /** 1, 2, 3… per country, in publication order. */
  version: number;
  /** ISO-8601 UTC: from when the version is in force (until a newer version takes effect). */
  effectiveFrom: string;
  createdAt: string;
  createdBy: string;
}

/** The money fields and currency of a tariff to publish (validated with validateTariff). */
export type TariffInput = Tariff;

export interface PublishOptions {
  /** ISO-8601; defaults to now and may not be in the past. */
  effectiveFrom?: string;
  /** Who published it, e.g. `ops:admin` or `seed`. */
  createdBy: string;
}
