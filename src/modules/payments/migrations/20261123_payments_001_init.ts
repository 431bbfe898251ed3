import type { Kysely } from 'kysely';

// Portable DDL: varchar ids (MySQL cannot index TEXT), varchar(30) ISO timestamps, bigint minor units.
const ID = 'varchar(64)';
const TS = 'varchar(30)';
const KEY = 'varchar(191)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payments_customers')
    .addColumn('rider_id', ID, (c) => c.notNull())
    .addColumn('provider', 'varchar(16)', (c) => c.notNull())
    .addColumn('customer_id', ID, (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addPrimaryKeyConstraint('payments_customers_pk', ['rider_id', 'provider'])
    .execute();

  await db.schema
    .createTable('payments_cards')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('rider_id', ID, (c) => c.notNull())
    .addColumn('provider', 'varchar(16)', (c) => c.notNull())
    .addColumn('payment_method_id', ID, (c) => c.notNull())
    .addColumn('brand', 'varchar(32)', (c) => c.notNull())
    .addColumn('last4', 'varchar(4)', (c) => c.notNull())
    .addColumn('exp_month', 'integer', (c) => c.notNull())
    .addColumn('exp_year', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('removed_at', TS)
    .execute();
  await db.schema.createIndex('payments_cards_rider_idx').on('payments_cards').column('rider_id').execute();
  await db.schema
    .createIndex('payments_cards_method_idx')
    .on('payments_cards')
    .columns(['provider', 'payment_method_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('payments_payments')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('rider_id', ID, (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('authorized_amount', 'bigint', (c) => c.notNull())
    .addColumn('captured_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('captured_tax', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_due', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reference', 'varchar(128)', (c) => c.notNull())
    .addColumn('card_id', ID)
    .addColumn('provider', 'varchar(16)', (c) => c.notNull())
    .addColumn('customer_id', ID)
    .addColumn('payment_method_id', ID)
    .addColumn('authorization_id', ID)
    .addColumn('hold_expires_at', TS)
    .addColumn('charges', 'varchar(1000)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('failure_code', 'varchar(64)')
    .addColumn('authorize_key', KEY, (c) => c.notNull().unique())
    .addColumn('claim_key', KEY)
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payments_payments_rider_idx')
    .on('payments_payments')
    .columns(['rider_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('payments_payments_reference_idx')
    .on('payments_payments')
    .column('reference')
    .execute();
  await db.schema
    .createIndex('payments_payments_authorization_idx')
    .on('payments_payments')
    .column('authorization_id')
    .execute();

  await db.schema
    .createTable('payments_refunds')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('payment_id', ID, (c) => c.notNull().references('payments_payments.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('idempotency_key', KEY, (c) => c.notNull().unique())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('provider_refund_ids', 'varchar(1000)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payments_refunds_payment_idx')
    .on('payments_refunds')
    .column('payment_id')
    .execute();

  await db.schema
    .createTable('payments_ledger_entries')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('group_id', ID, (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('payment_id', ID, (c) => c.notNull())
    .addColumn('refund_id', ID)
    .addColumn('account', 'varchar(64)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payments_ledger_account_idx')
    .on('payments_ledger_entries')
    .columns(['account', 'currency'])
    .execute();
  await db.schema
    .createIndex('payments_ledger_group_idx')
    .on('payments_ledger_entries')
    .column('group_id')
    .execute();

  await db.schema
    .createTable('payments_receipts')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('rider_id', ID, (c) => c.notNull())
    .addColumn('payment_id', ID, (c) => c.notNull().unique())
    .addColumn('reference', 'varchar(128)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('breakdown', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('pricing', 'text')
    .addColumn('issued_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payments_receipts_rider_idx')
    .on('payments_receipts')
    .columns(['rider_id', 'issued_at'])
    .execute();

  await db.schema
    .createTable('payments_sandbox_objects')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('customer_id', ID)
    .addColumn('parent_id', ID)
    .addColumn('amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'varchar(3)')
    .addColumn('consumed', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', KEY, (c) => c.unique())
    .addColumn('data', 'varchar(2000)', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'payments_sandbox_objects',
    'payments_receipts',
    'payments_ledger_entries',
    'payments_refunds',
    'payments_payments',
    'payments_cards',
    'payments_customers',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
