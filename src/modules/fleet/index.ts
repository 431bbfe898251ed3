/**
 * The fleet module's only door: sites, stations, slots, power banks, station credentials, tracked
 * commands, alerts and the station message log. See README.md for what it owns, emits and consumes.
 */
export type * from './fleet.types.js';
export type * from './fleet.tables.js';
export * from './fleet.errors.js';
export * from './fleet.schemas.js';
export { fleetMigrations } from './migrations/index.js';
export { StationsRepository } from './stations.repository.js';
export { ProvisioningService } from './provisioning.service.js';
export { FLEET_EVENT_TYPES, type FleetEvents } from './fleet.events.js';
export { createFleetModule, type FleetModule, type FleetDeps } from './fleet.module.js';
export { AvailabilityService } from './availability.service.js';
export type * from './availability.types.js';
export { GeoIndex, haversineM } from './availability.geo.js';
export { isOpenAt } from './availability.hours.js';
export {
  MessagesRepository,
  type InboundRecord,
  type RejectedRecord,
  type OutboundRecord,
} from './messages.repository.js';
export {
  CommandsRepository,
  type NewCommandRecord,
  type CommandCompletion,
  type FinalCommandStatus,
} from './commands.repository.js';
export { AlertsRepository, type RaiseAlertInput } from './alerts.repository.js';
export { AlertsService, ALERT_TYPES, type AlertType } from './alerts.service.js';
export {
  StationStateService,
  type ApplyContext,
  type HelloContext,
  type PresenceUpdate,
  type EventOutcome,
  type ReconciliationReport,
  type StationStateDeps,
} from './station-state.service.js';
export { reconcileInventory, type Finding } from './inventory.reconcile.js';
export { FleetUnit, inUnit } from './fleet.unit-of-work.js';
export { InboundApplier, type InboundOutcome } from './inbound.apply.js';
export { fleetRoutes, type FleetRoutesOptions } from './fleet.routes.js';
export { opsRoutes, type OpsRoutesOptions } from './ops.routes.js';
export { gbfsRoutes, type GbfsRoutesOptions } from './gbfs.routes.js';
export { seedDemoNetwork, stockStation, isFleetEmpty, type SeedDeps, type SeedReport } from './seed.demo.js';
export { DEMO_SITES, DEMO_STATION_CODES, DEMO_NEAR } from './seed.demo-data.js';
export {
  prepareSimulatedStations,
  prepareDemoStations,
  SIMULATOR_SITE,
  type SimulatedStationPlan,
} from './seed.simulator.js';
