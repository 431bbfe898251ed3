/** Simulated stations speaking protocol v1 over MQTT, alone or as a fleet. See README.md. */
export {
  SimulatedStation,
  type SimulatedStationOptions,
  type SimulatedStationStats,
  type StationState,
} from './station.simulator.js';
export {
  SimulatedFleet,
  type FleetStationSpec,
  type FleetBehaviour,
  type SimulatedFleetOptions,
  type SimulatedFleetStats,
} from './fleet.simulator.js';
export { StationModel, type InitialSlot, type Draft, type SlotFaultCode } from './station.model.js';
export { chargeFor, chargeRatePctPerMin } from './charging.js';
export { Random } from './random.js';
export {
  SimulatedRider,
  RiderHttpError,
  SUCCEEDING_TEST_CARD,
  type SimulatedRiderOptions,
  type RiderRental,
  type RentAnswer,
} from './riders.js';
