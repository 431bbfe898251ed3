import type { Clock } from '../../kernel/clock.js';
import type { Config } from '../../kernel/config.js';
import type { Database } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { FleetEvents } from './fleet.events.js';
import { ProvisioningService } from './provisioning.service.js';
import { StationsRepository } from './stations.repository.js';

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
}

/** Wires the fleet module's repositories and services. */
export function createFleetModule(deps: FleetDeps): FleetModule {
  const stations = new StationsRepository(deps.database);
  return {
    stations,
    provisioning: new ProvisioningService(stations, deps.clock),
  };
}
