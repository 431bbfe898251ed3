import type { Kysely } from 'kysely';

const TS = 'varchar(30)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kernel_outbox')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('topic', 'varchar(128)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('available_at', TS, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_at', TS)
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('handled_by', 'varchar(1000)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('claim_token', 'varchar(64)')
    .addColumn('claimed_until', TS)
    .execute();
  // The relay's question: what is undelivered and due? (delivered_at is null for exactly those rows.)
  await db.schema
    .createIndex('kernel_outbox_pending_idx')
    .on('kernel_outbox')
    .columns(['delivered_at', 'available_at'])
    .execute();
  await db.schema.createIndex('kernel_outbox_claim_idx').on('kernel_outbox').column('claim_token').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kernel_outbox').ifExists().execute();
}
