import type { Kysely } from 'kysely';

// Portable DDL: varchar ids (MySQL cannot index TEXT), varchar(30) ISO timestamps, integer booleans.
const ID = 'varchar(64)';
const TS = 'varchar(30)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fleet_sites')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('address', 'varchar(400)', (c) => c.notNull())
    .addColumn('city', 'varchar(120)', (c) => c.notNull())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('opening_hours', 'text')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fleet_stations')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('site_id', ID, (c) => c.notNull().references('fleet_sites.id'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('slot_count', 'integer', (c) => c.notNull())
    .addColumn('connectivity', 'varchar(16)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('firmware', 'varchar(64)')
    .addColumn('hardware', 'varchar(64)')
    .addColumn('boot_id', 'varchar(64)')
    .addColumn('clock_offset_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('signal', 'integer')
    .addColumn('mains', 'integer')
    .addColumn('temp_c', 'double precision')
    .addColumn('last_seen_at', TS)
    .addColumn('last_inventory_at', TS)
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fleet_stations_site_idx').on('fleet_stations').column('site_id').execute();
  await db.schema
    .createIndex('fleet_stations_updated_idx')
    .on('fleet_stations')
    .column('updated_at')
    .execute();

  await db.schema
    .createTable('fleet_station_credentials')
    .addColumn('station_id', ID, (c) => c.primaryKey().references('fleet_stations.id'))
    .addColumn('secret_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fleet_station_slots')
    .addColumn('station_id', ID, (c) => c.notNull().references('fleet_stations.id'))
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('power_bank_id', ID)
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('battery_pct', 'integer')
    .addColumn('faults', 'varchar(400)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('state_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .addPrimaryKeyConstraint('fleet_station_slots_pk', ['station_id', 'slot'])
    .execute();

  await db.schema
    .createTable('fleet_power_banks')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('capacity_mah', 'integer', (c) => c.notNull())
    .addColumn('battery_pct', 'integer', (c) => c.notNull())
    .addColumn('health_pct', 'integer', (c) => c.notNull())
    .addColumn('cycle_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('location', 'varchar(16)', (c) => c.notNull())
    .addColumn('station_id', ID)
    .addColumn('slot', 'integer')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('location_at', TS, (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('fleet_power_banks_station_idx')
    .on('fleet_power_banks')
    .column('station_id')
    .execute();

  await db.schema
    .createTable('fleet_station_commands')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('station_id', ID, (c) => c.notNull().references('fleet_stations.id'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('eject_lock', ID, (c) => c.unique())
    .addColumn('result_code', 'varchar(32)')
    .addColumn('result', 'text')
    .addColumn('issued_at', TS, (c) => c.notNull())
    .addColumn('expires_at', TS, (c) => c.notNull())
    .addColumn('sent_at', TS)
    .addColumn('completed_at', TS)
    .addColumn('requested_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('fleet_station_commands_station_idx')
    .on('fleet_station_commands')
    .columns(['station_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('fleet_station_commands_status_idx')
    .on('fleet_station_commands')
    .column('status')
    .execute();

  await db.schema
    .createTable('fleet_alerts')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('station_id', ID)
    .addColumn('power_bank_id', ID)
    .addColumn('message', 'varchar(500)', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('open_key', 'varchar(191)', (c) => c.unique())
    .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS, (c) => c.notNull())
    .addColumn('resolved_at', TS)
    .execute();
  await db.schema
    .createIndex('fleet_alerts_status_idx')
    .on('fleet_alerts')
    .columns(['status', 'created_at'])
    .execute();

  await db.schema
    .createTable('fleet_station_messages')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('station_id', ID, (c) => c.notNull())
    .addColumn('direction', 'varchar(3)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(96)')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'varchar(500)')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('station_ts', TS)
    .addColumn('received_at', TS, (c) => c.notNull())
    .execute();
  // The dedup key: a station's message id is applied at most once per direction.
  await db.schema
    .createIndex('fleet_station_messages_dedup_idx')
    .on('fleet_station_messages')
    .columns(['station_id', 'direction', 'message_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('fleet_station_messages_station_idx')
    .on('fleet_station_messages')
    .columns(['station_id', 'received_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'fleet_station_messages',
    'fleet_alerts',
    'fleet_station_commands',
    'fleet_power_banks',
    'fleet_station_slots',
    'fleet_station_credentials',
    'fleet_stations',
    'fleet_sites',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
