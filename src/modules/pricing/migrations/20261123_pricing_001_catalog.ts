import type { Kysely } from 'kysely';

// Portable DDL, as fleet's: varchar ids (MySQL cannot index TEXT), varchar(30) ISO timestamps.
const ID = 'varchar(64)';
const TS = 'varchar(30)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pricing_regions')
    .addColumn('country', 'varchar(2)', (c) => c.primaryKey())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('tax_included', 'integer', (c) => c.notNull())
    .addColumn('max_rental_hours', 'integer', (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pricing_tariffs')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('country', 'varchar(2)', (c) => c.notNull().references('pricing_regions.country'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('effective_from', TS, (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('unlock_fee', 'bigint', (c) => c.notNull())
    .addColumn('free_minutes', 'integer', (c) => c.notNull())
    .addColumn('period_minutes', 'integer', (c) => c.notNull())
    .addColumn('price_per_period', 'bigint', (c) => c.notNull())
    .addColumn('daily_cap', 'bigint', (c) => c.notNull())
    .addColumn('max_charge', 'bigint', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
    // The backstop against two concurrent publishes both taking the same version number.
    .addUniqueConstraint('pricing_tariffs_country_version_uq', ['country', 'version'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pricing_tariffs').execute();
  await db.schema.dropTable('pricing_regions').execute();
}
