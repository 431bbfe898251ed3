import type { Kysely, Transaction } from 'kysely';
import { capabilitiesOf, upsert, type Database } from '../../kernel/db/index.js';
import type { PricingTables, RegionTable, TariffTable } from './pricing.tables.js';
import type { Region, TariffVersion } from './pricing.types.js';

type Db = Kysely<PricingTables> | Transaction<PricingTables>;

export function toRegion(row: RegionTable): Region {
  return {
    country: row.country,
    currency: row.currency,
    taxRateBasisPoints: Number(row.tax_rate_bp),
    taxIncluded: Number(row.tax_included) === 1,
    maxRentalHours: Number(row.max_rental_hours),
    updatedAt: row.updated_at,
  };
}

export function toTariffVersion(row: TariffTable): TariffVersion {
  return {
    id: row.id,
    country: row.country,
    version: Number(row.version),
    effectiveFrom: row.effective_from,
    currency: row.currency,
    unlockFee: Number(row.unlock_fee),
    freeMinutes: Number(row.free_minutes),
    periodMinutes: Number(row.period_minutes),
    pricePerPeriod: Number(row.price_per_period),
    dailyCap: Number(row.daily_cap),
    maxCharge: Number(row.max_charge),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** The only code that queries pricing_regions and pricing_tariffs. Tariff rows are insert-only. */
export class PricingRepository {
  private readonly db: Kysely<PricingTables>;
  /** Whether a transaction must lock a row to serialise work on one country (not on SQLite). */
  private readonly lockRows: boolean;

  constructor(private readonly database: Database) {
    this.db = database.db as Kysely<PricingTables>;
    this.lockRows = !capabilitiesOf(database.dialect).serializesWriters;
  }

  transaction<T>(work: (trx: Kysely<PricingTables>) => Promise<T>): Promise<T> {
    return this.database.transaction(work);
  }

  async upsertRegion(row: RegionTable, db: Db = this.db): Promise<void> {
    await upsert(
      this.database.dialect,
      db.insertInto('pricing_regions').values(row),
      ['country'],
      ['currency', 'tax_rate_bp', 'tax_included', 'max_rental_hours', 'updated_at'],
    ).execute();
  }

  /** The region; `forUpdate` locks its row until the transaction ends (where writers run concurrently). */
  async findRegion(country: string, db: Db = this.db, forUpdate = false): Promise<Region | undefined> {
    let q = db.selectFrom('pricing_regions').selectAll().where('country', '=', country);
    if (forUpdate && this.lockRows) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && toRegion(row);
  }

  async listRegions(): Promise<Region[]> {
    const rows = await this.db.selectFrom('pricing_regions').selectAll().orderBy('country').execute();
    return rows.map(toRegion);
  }

  /** A country's versions, oldest first. */
  async listTariffs(country: string, db: Db = this.db): Promise<TariffVersion[]> {
    const rows = await db
      .selectFrom('pricing_tariffs')
      .selectAll()
      .where('country', '=', country)
      .orderBy('version')
      .execute();
    return rows.map(toTariffVersion);
  }

  /** The highest version number of a country (0 when none), read as a locking read inside a transaction. */
  async latestVersion(country: string, db: Db): Promise<number> {
    let q = db
      .selectFrom('pricing_tariffs')
      .select('version')
      .where('country', '=', country)
      .orderBy('version', 'desc')
      .limit(1);
    // A locking read sees the newest committed rows even under MySQL's repeatable read.
    if (this.lockRows) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? Number(row.version) : 0;
  }

  async currenciesInUse(country: string, db: Db = this.db): Promise<string[]> {
    const rows = await db
      .selectFrom('pricing_tariffs')
      .select('currency')
      .distinct()
      .where('country', '=', country)
      .execute();
    return rows.map((r) => r.currency);
  }

  async insertTariff(row: TariffTable, db: Db): Promise<void> {
    await db.insertInto('pricing_tariffs').values(row).execute();
  }
}
