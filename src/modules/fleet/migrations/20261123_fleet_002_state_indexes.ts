import type { Kysely } from 'kysely';

/**
 * Indexes for the station-state hot paths: the offline sweep (online stations not seen since…),
 * finding the slot that still records a bank that just turned up elsewhere, pruning the message log
 * by age, and listing a station's alerts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('fleet_stations_presence_idx')
    .on('fleet_stations')
    .columns(['connectivity', 'last_seen_at'])
    .execute();
  await db.schema
    .createIndex('fleet_station_slots_bank_idx')
    .on('fleet_station_slots')
    .column('power_bank_id')
    .execute();
  await db.schema
    .createIndex('fleet_station_messages_received_idx')
    .on('fleet_station_messages')
    .column('received_at')
    .execute();
  await db.schema
    .createIndex('fleet_alerts_station_idx')
    .on('fleet_alerts')
    .columns(['station_id', 'created_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('fleet_alerts_station_idx').on('fleet_alerts').execute();
  await db.schema.dropIndex('fleet_station_messages_received_idx').on('fleet_station_messages').execute();
  await db.schema.dropIndex('fleet_station_slots_bank_idx').on('fleet_station_slots').execute();
  await db.schema.dropIndex('fleet_stations_presence_idx').on('fleet_stations').execute();
}
