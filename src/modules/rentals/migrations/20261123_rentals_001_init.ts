import type { Kysely } from 'kysely';

const ID = 'varchar(64)';
const TS = 'varchar(30)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rentals_rentals')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('rider_id', ID, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('start_station_id', ID, (c) => c.notNull())
    .addColumn('power_bank_id', ID)
    .addColumn('slot', 'integer')
    .addColumn('bank_lock', ID, (c) => c.unique())
    .addColumn('rider_lock', ID, (c) => c.unique())
    .addColumn('payment_id', ID)
    .addColumn('tariff', 'text', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', TS)
    .addColumn('ended_at', TS)
    .addColumn('end_station_id', ID)
    .addColumn('amount', 'bigint')
    .addColumn('receipt_id', ID)
    .addColumn('failure_code', 'varchar(64)')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rentals_rentals_rider_created')
    .on('rentals_rentals')
    .columns(['rider_id', 'created_at'])
    .execute();
  // The recovery and overdue sweeps read live rentals by status.
  await db.schema
    .createIndex('rentals_rentals_status_updated')
    .on('rentals_rentals')
    .columns(['status', 'updated_at'])
    .execute();

  await db.schema
    .createTable('rentals_attempts')
    .addColumn('command_id', ID, (c) => c.primaryKey())
    .addColumn('rental_id', ID, (c) => c.notNull().references('rentals_rentals.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('station_id', ID, (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('power_bank_id', ID, (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)')
    .addColumn('outcome_code', 'varchar(64)')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rentals_attempts_rental')
    .on('rentals_attempts')
    .columns(['rental_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rentals_attempts').execute();
  await db.schema.dropTable('rentals_rentals').execute();
}
