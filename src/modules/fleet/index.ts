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
export type { FleetEvents } from './fleet.events.js';
export { createFleetModule, type FleetModule, type FleetDeps } from './fleet.module.js';
