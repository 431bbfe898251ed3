import { toIso, type Clock } from '../../kernel/clock.js';
import { isUniqueViolation } from '../../kernel/db/index.js';
import { newId } from '../../kernel/ids.js';
import { isSupportedCurrency } from '../../kernel/money/index.js';
import {
  invalidRegion,
  invalidTariff,
  noTariff,
  regionCurrencyLocked,
  regionNotFound,
  tariffCurrencyMismatch,
} from './pricing.errors.js';
import type { PricingRepository } from './pricing.repository.js';
import type {
  FrozenTariff,
  PublishOptions,
  Region,
  RegionInput,
  TariffInput,
  TariffVersion,
} from './pricing.types.js';
import { validateTariff } from './tariff.validate.js';

const MS_PER_HOUR = 3_600_000;
/** A year: longer "rentals" are purchases in all but name. */
export const MAX_RENTAL_HOURS = 8760;
/** How long a process trusts its cached catalogue of a country before reading it again. */
export const DEFAULT_FREEZE_CACHE_MS = 30_000;
const PUBLISH_ATTEMPTS = 5;

/** What a process knows of a country: its region (if any) and every version, oldest first. */
interface CountrySnapshot {
  region: Region | undefined;
  tariffs: TariffVersion[];
  expiresAtMs: number;
}

function checkCountry(country: string): void {
  if (!/^[A-Z]{2}$/.test(country)) invalidCountry(country);
}

function invalidCountry(country: string): never {
  throw invalidRegion('country', `must be an ISO 3166-1 alpha-2 code, got ${JSON.stringify(country)}`);
}

function checkRegion(input: RegionInput): void {
  checkCountry(input.country);
  if (typeof input.currency !== 'string' || !isSupportedCurrency(input.currency)) {
    throw invalidRegion(
      'currency',
      `must be a supported ISO 4217 code, got ${JSON.stringify(input.currency)}`,
    );
  }
  const bp = input.taxRateBasisPoints;
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000) {
    throw invalidRegion('taxRateBasisPoints', `must be an integer in 0..10000, got ${JSON.stringify(bp)}`);
  }
  if (typeof input.taxIncluded !== 'boolean') throw invalidRegion('taxIncluded', 'must be a boolean');
  const hours = input.maxRentalHours;
  if (!Number.isSafeInteger(hours) || hours < 1 || hours > MAX_RENTAL_HOURS) {
    throw invalidRegion(
      'maxRentalHours',
      `must be an integer in 1..${MAX_RENTAL_HOURS}, got ${JSON.stringify(hours)}`,
    );
  }
}

/** The version in force at `atMs`: the highest version whose effective_from is not after it. */
export function versionInForce(tariffs: readonly TariffVersion[], atMs: number): TariffVersion | undefined {
  const at = toIso(atMs);
  let best: TariffVersion | undefined;
  for (const t of tariffs) {
    if (t.effectiveFrom <= at && (!best || t.version > best.version)) best = t;
  }
  return best;
}

/** A region and one of its versions, frozen as a rental starting now would carry them. */
export function freezeVersion(region: Region, version: TariffVersion): FrozenTariff {
  const tariff = validateTariff({
    currency: version.currency,
    unlockFee: version.unlockFee,
    freeMinutes: version.freeMinutes,
    periodMinutes: version.periodMinutes,
    pricePerPeriod: version.pricePerPeriod,
    dailyCap: version.dailyCap,
    maxCharge: version.maxCharge,
  });
  return {
    tariffId: version.id,
    version: version.version,
    country: version.country,
    tariff,
    taxRule: { rateBasisPoints: region.taxRateBasisPoints, included: region.taxIncluded },
    maxRentalMs: region.maxRentalHours * MS_PER_HOUR,
    // One day's worst case, bounded by the power bank: what a rental can reasonably cost before settling.
    holdAmount: Math.min(tariff.maxCharge, tariff.unlockFee + tariff.dailyCap),
  };
}

/**
 * Regions and versioned tariffs. Versions are insert-only: publishing never changes an earlier one,
 * so a rental frozen on version n is priced by version n forever. `freeze` runs on every rental start
 * and is served from a short-lived per-country cache (dropped on every write in this process; other
 * processes see a write within `cacheMs`).
 */
export class PricingCatalog {
  private readonly cache = new Map<string, Promise<CountrySnapshot>>();

  constructor(
    private readonly repo: PricingRepository,
    private readonly clock: Clock,
    private readonly cacheMs: number = DEFAULT_FREEZE_CACHE_MS,
  ) {}

  /** Creates or changes a region. Its currency is fixed once it has tariffs. */
  async upsertRegion(input: RegionInput): Promise<Region> {
    checkRegion(input);
    const updatedAt = toIso(this.clock.nowMs());
    await this.repo.transaction(async (trx) => {
      const existing = await this.repo.findRegion(input.country, trx, true);
      if (existing && existing.currency !== input.currency) {
        const inUse = await this.repo.currenciesInUse(input.country, trx);
        if (inUse.length > 0) throw regionCurrencyLocked(input.country, existing.currency);
      }
      await this.repo.upsertRegion(
        {
          country: input.country,
          currency: input.currency,
          tax_rate_bp: input.taxRateBasisPoints,
          tax_included: input.taxIncluded ? 1 : 0,
          max_rental_hours: input.maxRentalHours,
          updated_at: updatedAt,
        },
        trx,
      );
    });
    this.cache.delete(input.country);
    return { ...input, updatedAt };
  }

  async getRegion(country: string): Promise<Region | undefined> {
    return this.repo.findRegion(country);
  }

  async listRegions(): Promise<Region[]> {
    return this.repo.listRegions();
  }

  /** A country's versions, oldest first; PRICING_REGION_NOT_FOUND for a country with no region. */
  async listTariffs(country: string): Promise<TariffVersion[]> {
    if (!(await this.repo.findRegion(country))) throw regionNotFound(country);
    return this.repo.listTariffs(country);
  }

  /** Publishes the country's next version (1, 2, 3…); concurrent publishes get distinct numbers. */
  async publishTariff(country: string, fields: TariffInput, options: PublishOptions): Promise<TariffVersion> {
    checkCountry(country);
    const tariff = validateTariff(fields);
    const nowMs = this.clock.nowMs();
    const effectiveFromMs = options.effectiveFrom === undefined ? nowMs : Date.parse(options.effectiveFrom);
    if (Number.isNaN(effectiveFromMs)) throw invalidTariff('effectiveFrom', 'must be an ISO-8601 timestamp');
    if (effectiveFromMs < nowMs) throw invalidTariff('effectiveFrom', 'must not be in the past');

    for (let attempt = 1; ; attempt++) {
      try {
        const published = await this.repo.transaction(async (trx) => {
          // Locking the region row queues concurrent publishes of one country behind each other.
          const region = await this.repo.findRegion(country, trx, true);
          if (!region) throw regionNotFound(country);
          if (tariff.currency !== region.currency) {
            throw tariffCurrencyMismatch(country, region.currency, tariff.currency);
          }
          const version = (await this.repo.latestVersion(country, trx)) + 1;
          const row = {
            id: newId('tariff', nowMs),
            country,
            version,
            effective_from: toIso(effectiveFromMs),
            currency: tariff.currency,
            unlock_fee: tariff.unlockFee,
            free_minutes: tariff.freeMinutes,
            period_minutes: tariff.periodMinutes,
            price_per_period: tariff.pricePerPeriod,
            daily_cap: tariff.dailyCap,
            max_charge: tariff.maxCharge,
            created_at: toIso(nowMs),
            created_by: options.createdBy,
          };
          await this.repo.insertTariff(row, trx);
          return row;
        });
        this.cache.delete(country);
        const { id, version, effective_from, created_at, created_by } = published;
        return {
          id,
          country,
          version,
          effectiveFrom: effective_from,
          ...tariff,
          createdAt: created_at,
          createdBy: created_by,
        };
      } catch (err) {
        // The unique (country, version) key caught a race the lock did not prevent: take the next number.
        if (!isUniqueViolation(err) || attempt >= PUBLISH_ATTEMPTS) throw err;
      }
    }
  }

  /** The version in force in `country` at `atMs`, with the region's tax, limits and hold; else 409 PRICING_NO_TARIFF. */
  async freeze(country: string, atMs: number): Promise<FrozenTariff> {
    const { region, tariffs } = await this.snapshot(country);
    const version = region && versionInForce(tariffs, atMs);
    if (!region || !version) throw noTariff(country);
    return freezeVersion(region, version);
  }

  private snapshot(country: string): Promise<CountrySnapshot> {
    const nowMs = this.clock.nowMs();
    const cached = this.cache.get(country);
    if (cached) {
      return cached.then((s) =>
        s.expiresAtMs > this.clock.nowMs() ? s : this.load(country, this.clock.nowMs()),
      );
    }
    return this.load(country, nowMs);
  }

  private load(country: string, nowMs: number): Promise<CountrySnapshot> {
    const loading = (async () => {
      const region = await this.repo.findRegion(country);
      const tariffs = region ? await this.repo.listTariffs(country) : [];
      return { region, tariffs, expiresAtMs: nowMs + this.cacheMs };
    })();
    this.cache.set(country, loading);
    // A failed read is not remembered: the next call tries the database again.
    loading.catch(() => {
      if (this.cache.get(country) === loading) this.cache.delete(country);
    });
    return loading;
  }
}
