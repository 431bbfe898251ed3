import type { Kysely } from 'kysely';
import { TestClock, toIso } from '../../src/kernel/clock.js';
import { loadConfig, type Config } from '../../src/kernel/config.js';
import type { DialectName } from '../../src/kernel/db/index.js';
import { EventBus } from '../../src/kernel/events.js';
import { createLogger, type Logger } from '../../src/kernel/logger.js';
import {
  createFleetModule,
  type FleetEvents,
  type FleetModule,
  type FleetTables,
  type OpeningHours,
  type SlotState,
} from '../../src/modules/fleet/index.js';
import { freshDatabase } from './db.js';

/**
 * A fleet module on a private database with a TestClock, and terse ways to put a station into a
 * known state. Slot and power bank rows are written directly (as the station-state service would),
 * each write bumping the station's updated_at as the service does; `changed()` emits the bus event.
 */
export interface FleetFixture {
  fleet: FleetModule;
  bus: EventBus<FleetEvents>;
  clock: TestClock;
  config: Config;
  logger: Logger;
  db: Kysely<FleetTables>;
  dialect: DialectName;
  drop(): Promise<void>;
}

export async function fleetFixture(
  dialect: DialectName,
  env: Record<string, string> = {},
): Promise<FleetFixture> {
  const database = await freshDatabase(dialect);
  const clock = new TestClock('2026-01-14T12:00:00.000Z'); // a Wednesday
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    MIN_RENTABLE_BATTERY_PCT: '60',
    MIN_RENTABLE_HEALTH_PCT: '70',
    AVAILABILITY_REFRESH_MS: '3600000',
    ...env,
  });
  const logger = createLogger('silent');
  const bus = new EventBus<FleetEvents>(logger);
  const fleet = createFleetModule({ database, clock, config, bus, logger });
  return {
    fleet,
    bus,
    clock,
    config,
    logger,
    db: database.db as Kysely<FleetTables>,
    dialect,
    drop: () => database.drop(),
  };
}

export interface StationSpec {
  name?: string;
  lat: number;
  lng: number;
  slots?: number;
  code?: string;
  timeZone?: string;
  openingHours?: OpeningHours | null;
  online?: boolean;
}

/** Provisions a site with one station (online unless told otherwise); returns the station id. */
export async function addStation(fx: FleetFixture, spec: StationSpec): Promise<string> {
  const site = await fx.fleet.provisioning.addSite({
    name: spec.name ?? `Venue ${spec.lat},${spec.lng}`,
    address: '1 High Street',
    city: 'London',
    country: 'GB',
    timeZone: spec.timeZone ?? 'Europe/London',
    lat: spec.lat,
    lng: spec.lng,
    openingHours: spec.openingHours ?? null,
  });
  const { station } = await fx.fleet.provisioning.addStation({
    siteId: site.id,
    slotCount: spec.slots ?? 4,
    ...(spec.code ? { code: spec.code } : {}),
  });
  if (spec.online !== false) await setStation(fx, station.id, { connectivity: 'online' });
  return station.id;
}

async function touch(fx: FleetFixture, stationId: string): Promise<void> {
  fx.clock.advance(1000);
  await fx.db
    .updateTable('fleet_stations')
    .set({ updated_at: toIso(fx.clock.nowMs()) })
    .where('id', '=', stationId)
    .execute();
}

export async function setStation(
  fx: FleetFixture,
  stationId: string,
  change: { connectivity?: 'online' | 'offline'; enabled?: boolean },
): Promise<void> {
  await fx.db
    .updateTable('fleet_stations')
    .set({
      ...(change.connectivity ? { connectivity: change.connectivity } : {}),
      ...(change.enabled === undefined ? {} : { enabled: change.enabled ? 1 : 0 }),
    })
    .where('id', '=', stationId)
    .execute();
  await touch(fx, stationId);
}

export interface BankSpec {
  id: string;
  batteryPct?: number;
  healthPct?: number;
  state?: SlotState;
  status?: 'active' | 'blacklisted' | 'retired';
  /** Leave the bank unregistered (a bank the platform does not know). */
  unknown?: boolean;
}

/** Puts a power bank into a slot (registering it first unless `unknown`). */
export async function putBank(
  fx: FleetFixture,
  stationId: string,
  slot: number,
  bank: BankSpec,
): Promise<void> {
  const battery = bank.batteryPct ?? 100;
  if (!bank.unknown && !(await fx.fleet.stations.findPowerBank(bank.id))) {
    await fx.fleet.provisioning.addPowerBanks([
      { id: bank.id, batteryPct: battery, healthPct: bank.healthPct ?? 95 },
    ]);
  }
  const now = toIso(fx.clock.nowMs());
  if (!bank.unknown) {
    await fx.db
      .updateTable('fleet_power_banks')
      .set({
        location: 'slot',
        station_id: stationId,
        slot,
        battery_pct: battery,
        health_pct: bank.healthPct ?? 95,
        status: bank.status ?? 'active',
        location_at: now,
      })
      .where('id', '=', bank.id)
      .execute();
  }
  await setSlot(fx, stationId, slot, {
    powerBankId: bank.id,
    state: bank.state ?? (battery === 100 ? 'ready' : 'charging'),
    batteryPct: battery,
  });
}

/** Overwrites a slot row (empty it with `{ powerBankId: null, state: 'empty' }`). */
export async function setSlot(
  fx: FleetFixture,
  stationId: string,
  slot: number,
  row: { powerBankId: string | null; state: SlotState; batteryPct?: number | null; faults?: string[] },
): Promise<void> {
  const now = toIso(fx.clock.nowMs());
  await fx.db
    .updateTable('fleet_station_slots')
    .set({
      power_bank_id: row.powerBankId,
      state: row.state,
      battery_pct: row.batteryPct ?? null,
      faults: JSON.stringify(row.faults ?? []),
      state_at: now,
      updated_at: now,
    })
    .where('station_id', '=', stationId)
    .where('slot', '=', slot)
    .execute();
  await touch(fx, stationId);
}

/** Tells the read model a station changed, as the station-state service does after a write. */
export function changed(fx: FleetFixture, stationId: string): void {
  fx.bus.emit('fleet.station.availability_changed', { stationId, at: toIso(fx.clock.nowMs()) });
}
