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

export type PriceLineCode = 'unlock_fee' | 'usage' | 'daily_cap' | 'max_charge';

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
