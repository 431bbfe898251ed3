import type { Kysely } from 'kysely';
import { TestClock } from '../../src/kernel/clock.js';
import type { DialectName } from '../../src/kernel/db/index.js';
import { EventBus } from '../../src/kernel/events.js';
import { createLogger } from '../../src/kernel/logger.js';
import type { SlotReport } from '../../src/gateway/protocol/messages.js';
import { AlertsRepository } from '../../src/modules/fleet/alerts.repository.js';
import { AlertsService } from '../../src/modules/fleet/alerts.service.js';
import { CommandsRepository } from '../../src/modules/fleet/commands.repository.js';
import { FLEET_EVENT_TYPES, type FleetEvents } from '../../src/modules/fleet/fleet.events.js';
import type { FleetTables } from '../../src/modules/fleet/fleet.tables.js';
import type { NewPowerBank } from '../../src/modules/fleet/fleet.types.js';
import { MessagesRepository } from '../../src/modules/fleet/messages.repository.js';
import { ProvisioningService } from '../../src/modules/fleet/provisioning.service.js';
import { StationStateService } from '../../src/modules/fleet/station-state.service.js';
import { StationsRepository } from '../../src/modules/fleet/stations.repository.js';
import { freshDatabase } from './db.js';

export type RecordedEvent = {
  [K in keyof FleetEvents]: { type: K; payload: FleetEvents[K] };
}[keyof FleetEvents];

/**
 * The fleet's station-state services on a fresh database of one dialect, with a TestClock and a bus
 * whose every event is recorded, plus helpers to provision stations and power banks.
 */
export async function fleetStateHarness(dialect: DialectName) {
  const database = await freshDatabase(dialect);
  const clock = new TestClock('2026-01-15T10:00:00.000Z');
  const logger = createLogger('silent');
  const bus = new EventBus<FleetEvents>(logger);
  const events: RecordedEvent[] = [];
  for (const type of FLEET_EVENT_TYPES) {
    bus.on(type, (payload) => void events.push({ type, payload } as RecordedEvent));
  }
  const stations = new StationsRepository(database);
  const provisioning = new ProvisioningService(stations, clock);
  const alerts = new AlertsService(new AlertsRepository(database), database, clock, bus);
  const state = new StationStateService({ database, clock, bus, logger, alerts });
  const messages = new MessagesRepository(database);
  const commands = new CommandsRepository(database, clock);
  const site = await provisioning.addSite({
    name: 'Test venue',
    address: '1 Test St',
    city: 'London',
    country: 'GB',
    timeZone: 'Europe/London',
    lat: 51.5,
    lng: -0.12,
  });

  return {
    database,
    db: database.db as Kysely<FleetTables>,
    clock,
    bus,
    events,
    stations,
    provisioning,
    alerts,
    state,
    messages,
    commands,
    /** Provisions a station with N empty slots and returns its id. */
    async addStation(slotCount = 4): Promise<string> {
      return (await provisioning.addStation({ siteId: site.id, slotCount })).station.id;
    },
    async addBanks(...banks: (string | NewPowerBank)[]): Promise<void> {
      await provisioning.addPowerBanks(banks.map((b) => (typeof b === 'string' ? { id: b } : b)));
    },
    /** Events of one type recorded so far. */
    eventsOf<K extends keyof FleetEvents>(type: K): FleetEvents[K][] {
      return events.filter((e) => e.type === type).map((e) => e.payload as FleetEvents[K]);
    },
    async drop(): Promise<void> {
      await database.destroy();
      await database.drop();
    },
  };
}

export type FleetStateHarness = Awaited<ReturnType<typeof fleetStateHarness>>;

/** An inventory line: a slot holding a bank (charging) or, with bank null, empty. */
export function slotReport(slot: number, powerBankId: string | null, batteryPct = 50): SlotReport {
  return {
    slot,
    powerBankId,
    batteryPct: powerBankId ? batteryPct : 0,
    state: powerBankId ? (batteryPct >= 100 ? 'ready' : 'charging') : 'empty',
    faults: [],
  };
}

/** A full inventory of `count` slots where `banks` maps slot → bank id (others empty). */
export function inventoryOf(count: number, banks: Record<number, string>, batteryPct = 50): SlotReport[] {
  return Array.from({ length: count }, (_, i) => slotReport(i + 1, banks[i + 1] ?? null, batteryPct));
}
