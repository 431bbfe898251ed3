import type { Kysely } from 'kysely';

const TS = 'varchar(30)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kernel_idempotency_keys')
    // scope + key stay under MySQL's 3072-byte index limit in utf8mb4 (4 × (200 + 255)).
    .addColumn('scope', 'varchar(200)', (c) => c.notNull())
    .addColumn('key', 'varchar(255)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('lock_token', 'varchar(64)')
    .addColumn('locked_until', TS)
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('response_error', 'text')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('expires_at', TS, (c) => c.notNull())
    .addPrimaryKeyConstraint('kernel_idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema
    .createIndex('kernel_idempotency_keys_expires_idx')
    .on('kernel_idempotency_keys')
    .column('expires_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kernel_idempotency_keys').ifExists().execute();
}
