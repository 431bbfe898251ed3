import type { Clock } from '../../kernel/clock.js';
import type { Config } from '../../kernel/config.js';
import type { Database } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { FleetEvents } from './fleet.events.js';
import { ProvisioningService } from './provisioning.service.js';
import { AvailabilityService } from './availability.service.js';
import { StationsRepository } from './stations.repository.js';
import { MessagesRepository } from './messages.repository.js';
import { CommandsRepository } from './commands.repository.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { StationStateService } from './station-state.service.js';
import { InboundApplier } from './inbound.apply.js';

export interface FleetDeps {
  database: Database;
  clock: Clock;
  config: Config;
  bus: EventBus<FleetEvents>;
  logger: Logger;
}

/** The fleet module's services, wired once by the composition root. */
export interface FleetModule {
  stations: StationsRepository;
  provisioning: ProvisioningService;
  /** Rider availability read model; started by the HTTP app (buildApp), idle otherwise. */
  availability: AvailabilityService;
  /** Station message log and inbound dedup store. */
  messages: MessagesRepository;
  /** Applies an inbound message at most once: its dedup key and its effects in one unit. */
  inbound: InboundApplier;
  /** Tracked command records (the gateway's StationCommands sends them). */
  commandRecords: CommandsRepository;
  alerts: AlertsService;
  /** Applies validated station facts: hello, inventory, events, presence, connectivity. */
  state: StationStateService;
}

/** Wires the fleet module's repositories and services. */
export function createFleetModule(deps: FleetDeps): FleetModule {
  const stations = new StationsRepository(deps.database);
  const alerts = new AlertsService(new AlertsRepository(deps.database), deps.database, deps.clock, deps.bus);
  const messages = new MessagesRepository(deps.database);
  return {
    stations,
    provisioning: new ProvisioningService(stations, deps.clock),
    availability: new AvailabilityService(deps),
    messages,
    inbound: new InboundApplier(deps.database, deps.bus, messages),
    commandRecords: new CommandsRepository(deps.database, deps.clock),
    alerts,
    state: new StationStateService({ ...deps, alerts }),
  };
}
