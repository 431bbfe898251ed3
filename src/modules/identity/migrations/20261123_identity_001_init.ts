import type { Kysely } from 'kysely';

// Portable DDL: varchar ids and keys (MySQL cannot index TEXT), varchar(30) ISO timestamps.
const ID = 'varchar(64)';
const TS = 'varchar(30)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_riders')
    .addColumn('id', ID, (c) => c.primaryKey())
    // Unique on nullable columns: every dialect allows many NULLs, so erased riders do not collide.
    .addColumn('email', 'varchar(254)', (c) => c.unique())
    .addColumn('phone', 'varchar(16)', (c) => c.unique())
    .addColumn('locale', 'varchar(16)', (c) => c.notNull())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .addColumn('deleted_at', TS)
    .execute();

  await db.schema
    .createTable('identity_login_codes')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('destination', 'varchar(254)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('expires_at', TS, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consumed_at', TS)
    .addColumn('created_at', TS, (c) => c.notNull())
    .execute();
  // Serves both "the newest code for this destination" and "codes sent in the last hour".
  await db.schema
    .createIndex('identity_login_codes_destination_idx')
    .on('identity_login_codes')
    .columns(['destination', 'created_at'])
    .execute();

  await db.schema
    .createTable('identity_refresh_tokens')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('rider_id', ID, (c) => c.notNull().references('identity_riders.id'))
    .addColumn('family_id', ID, (c) => c.notNull())
    .addColumn('token_hash', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('expires_at', TS, (c) => c.notNull())
    .addColumn('rotated_at', TS)
    .addColumn('revoked_at', TS)
    .addColumn('created_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identity_refresh_tokens_family_idx')
    .on('identity_refresh_tokens')
    .column('family_id')
    .execute();
  await db.schema
    .createIndex('identity_refresh_tokens_rider_idx')
    .on('identity_refresh_tokens')
    .column('rider_id')
    .execute();

  await db.schema
    .createTable('identity_dev_outbox')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('destination', 'varchar(254)', (c) => c.notNull())
    .addColumn('subject', 'varchar(200)')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identity_dev_outbox_destination_idx')
    .on('identity_dev_outbox')
    .columns(['destination', 'created_at'])
    .execute();
}
