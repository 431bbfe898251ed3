import type { Clock } from '../../kernel/clock.js';
import { toIso } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { FleetEvents, FleetModule, StationCommands } from '../../modules/fleet/index.js';
import type { RentalPayments } from '../../modules/payments/payments.contract.js';
import type { FrozenTariff } from '../../modules/pricing/index.js';
import type { Rental, RentalEvents, RentalsRepository, RentalStatus } from '../../modules/rentals/index.js';
import type { UnconfirmedEjects } from './eject-fate.js';
import type { FleetLookups } from './fleet-lookups.js';
import type { KeyedLock } from './keyed-lock.js';
import type { RecentIds } from './recent-ids.js';

/** The tariff the rental starts under (the pricing catalogue implements it). */
export interface TariffSource {
  freeze(country: string, atMs: number): Promise<FrozenTariff>;
}

export interface RentalFlowOptions {
  /** Power banks tried for one rental before it fails. */
  maxEjectAttempts: number;
  /**
   * After this long a rental no longer tries another power bank when an eject fails: the rider has
   * probably walked away (and after a restart, it means "cancel, don't surprise anyone").
   */
  retryWindowMs: number;
  /** How long a rent request waits for another eject at the same station to finish. */
  stationBusyWaitMs: number;
  /** A pending rental older than this was interrupted (a crash between steps) and is unwound. */
  pendingTimeoutMs: number;
}

export const DEFAULT_RENTAL_FLOW_OPTIONS: RentalFlowOptions = {
  maxEjectAttempts: 3,
  retryWindowMs: 60_000,
  stationBusyWaitMs: 15_000,
  pendingTimeoutMs: 60_000,
};

export type RentalBus = EventBus<FleetEvents & RentalEvents>;

export interface RentalFlowDeps {
  /** Only to send several modules' reads together (readTogether); each module still reads its own tables. */
  database: Database;
  rentals: RentalsRepository;
  fleet: FleetModule;
  /** Absent in a process without the gateway role: rentals cannot start there. */
  commands?: StationCommands;
  tariffs: TariffSource;
  payments: RentalPayments;
  bus: RentalBus;
  clock: Clock;
  logger: Logger;
  options: RentalFlowOptions;
  /** Per-station lock shared by the start flow and the eject outcome handlers. */
  stationLock: KeyedLock;
  /** Rentals waiting for a station to tell what became of an unanswered eject. */
  unconfirmed: UnconfirmedEjects;
  /** Commands whose eject this process saw succeed (their attempt settled as such). */
  succeededEjects: RecentIds;
  /** Sites and station codes, cached briefly. */
  lookups: FleetLookups;
}

/**
 * Moves a rental and announces it. Returns the time written as `updatedAt` (so a caller can describe
 * the moved rental without reading it back), or undefined when another actor moved it first.
 */
export async function move(
  deps: RentalFlowDeps,
  rental: Pick<Rental, 'id' | 'riderId'>,
  to: RentalStatus,
  patch: Parameters<RentalsRepository['transition']>[2],
  from?: readonly RentalStatus[],
): Promise<string | undefined> {
  const nowMs = deps.clock.nowMs();
  const moved = await deps.rentals.transition(rental.id, to, patch, nowMs, from);
  if (!moved) return undefined;
  const at = toIso(nowMs);
  announce(deps, rental, to, at);
  return at;
}

/** Tells the bus a rental moved (after the write that moved it). */
export function announce(
  deps: RentalFlowDeps,
  rental: Pick<Rental, 'id' | 'riderId'>,
  to: RentalStatus,
  at: string,
): void {
  deps.bus.emit('rental.status_changed', { rentalId: rental.id, riderId: rental.riderId, status: to, at });
}

/** The reference a rental's payment carries, and the idempotency keys of its money steps. */
export const paymentReference = (rentalId: string) => `rental:${rentalId}`;
export const holdKey = (rentalId: string) => `${rentalId}:hold`;
export const releaseKey = (rentalId: string) => `${rentalId}:release`;
export const settleKey = (rentalId: string) => `${rentalId}:settle`;
