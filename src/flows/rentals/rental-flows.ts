import type { RiderPrincipal } from '../../modules/identity/identity.contract.js';
import type { Rental } from '../../modules/rentals/index.js';
import { onEjectCompleted, onPowerBankRemoved, onPowerBankRetracted } from './eject-outcome.flow.js';
import { onStationSpoke, UnconfirmedEjects } from './eject-fate.js';
import { FleetLookups } from './fleet-lookups.js';
import { KeyedLock } from './keyed-lock.js';
import { RecentIds } from './recent-ids.js';
import { recoverRentals, type RecoveryReport } from './recover-rentals.flow.js';
import {
  DEFAULT_RENTAL_FLOW_OPTIONS,
  type RentalFlowDeps,
  type RentalFlowOptions,
} from './rental-flow.deps.js';
import { onPowerBankInserted } from './return-power-bank.flow.js';
import { startRental, type StationRef } from './start-rental.flow.js';

export type { StationRef } from './start-rental.flow.js';
export type { RecoveryReport } from './recover-rentals.flow.js';
export type { TariffSource, RentalFlowOptions, RentalBus } from './rental-flow.deps.js';
export { DEFAULT_RENTAL_FLOW_OPTIONS } from './rental-flow.deps.js';

/** The rental loop: start, eject outcomes, returns, purchases and crash recovery. */
export interface RentalFlows {
  /** Starts a rental for the rider at the station (see start-rental.flow.ts). */
  start(rider: RiderPrincipal, ref: StationRef): Promise<Rental>;
  /** Resolves interrupted rentals and turns overdue ones into purchases; run at start-up and on a timer. */
  sweep(): Promise<RecoveryReport>;
  /** Stops reacting to fleet events. */
  stop(): void;
}

export type RentalFlowsDeps = Omit<
  RentalFlowDeps,
  'stationLock' | 'unconfirmed' | 'succeededEjects' | 'lookups' | 'options'
> & {
  options?: Partial<RentalFlowOptions>;
};

/**
 * Wires the rental flows to the fleet's events. Handlers run after the fleet's transaction commits
 * and every one of them is idempotent, so a duplicate or replayed event changes nothing.
 */
export function createRentalFlows(input: RentalFlowsDeps): RentalFlows {
  const deps: RentalFlowDeps = {
    ...input,
    options: { ...DEFAULT_RENTAL_FLOW_OPTIONS, ...input.options },
    stationLock: new KeyedLock(),
    unconfirmed: new UnconfirmedEjects(),
    succeededEjects: new RecentIds(),
    lookups: new FleetLookups(input.fleet, input.clock),
  };
  const { bus } = deps;
  const unsubscribe = [
    bus.on('fleet.command.completed', (e) => onEjectCompleted(deps, e)),
    bus.on('fleet.power_bank.removed', (e) => onPowerBankRemoved(deps, e)),
    bus.on('fleet.power_bank.retracted', (e) => onPowerBankRetracted(deps, e)),
    bus.on('fleet.power_bank.inserted', (e) => onPowerBankInserted(deps, e)),
    bus.on('fleet.station.availability_changed', (e) => onStationSpoke(deps, e.stationId)),
    bus.on('fleet.station.connectivity_changed', (e) =>
      e.online ? onStationSpoke(deps, e.stationId) : undefined,
    ),
  ];
  let sweeping: Promise<RecoveryReport> | undefined;
  return {
    start: (rider, ref) => startRental(deps, rider, ref),
    sweep() {
      // One sweep at a time: a slow sweep and the next tick must not both unwind the same rental.
      sweeping ??= recoverRentals(deps).finally(() => (sweeping = undefined));
      return sweeping;
    },
    stop() {
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}
