import { toIso } from '../../kernel/clock.js';
import type { Rental, RentalAttempt } from '../../modules/rentals/index.js';
import { failRental } from './eject.step.js';
import { move, type RentalFlowDeps } from './rental-flow.deps.js';

/**
 * What became of a power bank whose eject went unanswered. An unanswered eject may still have
 * happened (the station released the bank and then lost its connection), so before a rental is
 * called off the facts are read:
 * - `left`: since the eject, the fleet saw the bank leave (`bank_removed`), or the station's
 *   inventory no longer had it (reconciled as lost) — the rider has it;
 * - `stayed`: the bank is still in its slot and the station has spoken since the eject (an
 *   inventory, or any message: it is connected, got the command and did not eject — the protocol's
 *   "unanswered eject");
 * - `unknown`: the station has said nothing since (it may have ejected and lost its connection, or
 *   the platform restarted); wait for it (a `sync` is requested).
 */
export type EjectFate = { fate: 'left'; atMs: number } | { fate: 'stayed' } | { fate: 'unknown' };

/** How long a rental may wait for an unreachable station to tell what happened to its eject. */
export const UNCONFIRMED_EJECT_LIMIT_MS = 30 * 60_000;

export async function ejectFate(deps: RentalFlowDeps, attempt: RentalAttempt): Promise<EjectFate> {
  const { stations } = deps.fleet;
  const bank = await stations.findPowerBank(attempt.powerBankId);
  if (
    bank &&
    bank.locationAt >= attempt.createdAt &&
    (bank.location === 'rental' || bank.location === 'lost')
  ) {
    return { fate: 'left', atMs: Date.parse(bank.locationAt) };
  }
  const station = await stations.findStation(attempt.stationId);
  // Any message since the eject (an inventory, a heartbeat) shows the station was connected after it.
  const spokenSince = [station?.lastInventoryAt, station?.lastSeenAt].some(
    (at) => at != null && at >= attempt.createdAt,
  );
  if (spokenSince && bank?.location === 'slot' && bank.stationId === attempt.stationId) {
    return { fate: 'stayed' };
  }
  return { fate: 'unknown' };
}

/** Asks the station for a fresh inventory (best effort: it may be offline; its hello will tell). */
export async function requestInventory(
  deps: RentalFlowDeps,
  stationId: string,
  rentalId: string,
): Promise<void> {
  try {
    await deps.commands?.send({ stationId, type: 'sync', requestedBy: `rental:${rentalId}` });
  } catch (err) {
    deps.logger.debug({ err, stationId }, 'could not ask the station for its inventory');
  }
}

/**
 * Decides an ejecting rental whose last eject went unanswered, once the facts allow: `left` → active
 * from when the bank left; `stayed` → cancelled, hold released; `unknown` → undecided (false), unless
 * it has waited UNCONFIRMED_EJECT_LIMIT_MS, then cancelled as unconfirmed. True when decided.
 */
export async function decideUnconfirmedEject(
  deps: RentalFlowDeps,
  rental: Rental,
  attempt: RentalAttempt,
): Promise<boolean> {
  const outcome = await ejectFate(deps, attempt);
  if (outcome.fate === 'left') {
    await move(deps, rental, 'active', { startedAt: toIso(outcome.atMs) }, ['ejecting']);
    return true;
  }
  const waitedTooLong = deps.clock.nowMs() - Date.parse(attempt.createdAt) > UNCONFIRMED_EJECT_LIMIT_MS;
  if (outcome.fate === 'unknown' && !waitedTooLong) return false;
  const code = outcome.fate === 'stayed' ? 'RENTAL_EJECT_TIMED_OUT' : 'RENTAL_EJECT_UNCONFIRMED';
  await failRental(deps, rental, code, 'cancelled');
  return true;
}

/**
 * Rentals waiting on a station that has not said what became of their eject, by station: when the
 * station speaks again (back online, a new inventory), they are decided at once instead of at the
 * next sweep. In memory only — after a restart the sweep finds them.
 */
export class UnconfirmedEjects {
  private readonly byStation = new Map<string, Set<string>>();

  add(stationId: string, rentalId: string): void {
    let set = this.byStation.get(stationId);
    if (!set) this.byStation.set(stationId, (set = new Set()));
    set.add(rentalId);
  }

  /** Takes the station's waiting rentals out (they are put back if still undecided). */
  take(stationId: string): string[] {
    const set = this.byStation.get(stationId);
    if (!set) return [];
    this.byStation.delete(stationId);
    return [...set];
  }
}

/** The station spoke: decide the rentals that were waiting on it. */
export async function onStationSpoke(deps: RentalFlowDeps, stationId: string): Promise<void> {
  for (const rentalId of deps.unconfirmed.take(stationId)) {
    const rental = await deps.rentals.get(rentalId);
    if (rental?.status !== 'ejecting') continue;
    const attempt = (await deps.rentals.listAttempts(rentalId)).at(-1);
    if (!attempt || attempt.outcome !== 'timed_out') continue;
    if (!(await decideUnconfirmedEject(deps, rental, attempt))) deps.unconfirmed.add(stationId, rentalId);
  }
}
