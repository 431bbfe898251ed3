import { toIso } from '../../kernel/clock.js';
import type { FleetEvents } from '../../modules/fleet/index.js';
import type { AttemptOutcome, Rental, RentalAttempt } from '../../modules/rentals/index.js';
import { ejectAttempt, failRental, releaseHold, rentableCandidates } from './eject.step.js';
import { ejectFate, requestInventory } from './eject-fate.js';
import { announce, move, type RentalFlowDeps } from './rental-flow.deps.js';

type CommandCompleted = FleetEvents['fleet.command.completed'];

/** The attempt a command belongs to and its rental, when the rental is still waiting on that power bank. */
async function waitingAttempt(
  deps: RentalFlowDeps,
  commandId: string,
): Promise<{ attempt: RentalAttempt; rental: Rental } | undefined> {
  const found = await deps.rentals.findAttemptWithRental(commandId);
  if (!found || found.rental.powerBankId !== found.attempt.powerBankId) return undefined;
  return found;
}

/** The station confirmed the eject (or the power bank was seen leaving): the rental starts now. */
async function activate(deps: RentalFlowDeps, rental: Rental, atMs: number): Promise<void> {
  await move(deps, rental, 'active', { startedAt: toIso(atMs) }, ['ejecting']);
}

/**
 * An eject answered (or expired, or timed out). Success activates the rental. Otherwise, within the
 * retry window and attempt budget, the rental moves to the next best power bank; else it fails and
 * its hold is released. A timed-out eject may still have happened: if the fleet saw the power bank
 * leave, the rental is activated instead.
 */
type Retry = () => Promise<void>;

/** The result code of a station still busy with the previous eject (the rider has not taken it yet). */
const BUSY = 'BUSY';
const BUSY_BACKOFF_MS = 250;
const BUSY_BACKOFF_MAX_MS = 4_000;

/**
 * Resolves when a power bank leaves or is pulled back at the station (its previous eject is over),
 * or after `maxWaitMs`, whichever comes first.
 */
function stationFreed(deps: RentalFlowDeps, stationId: string, maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      offRemoved();
      offRetracted();
      resolve();
    };
    const timer = setTimeout(done, maxWaitMs);
    const offRemoved = deps.bus.on('fleet.power_bank.removed', (e) => {
      if (e.stationId === stationId) done();
    });
    const offRetracted = deps.bus.on('fleet.power_bank.retracted', (e) => {
      if (e.stationId === stationId) done();
    });
  });
}

export async function onEjectCompleted(deps: RentalFlowDeps, event: CommandCompleted): Promise<void> {
  if (event.type !== 'eject') return;
  const retry = await deps.stationLock.run(event.stationId, async (): Promise<Retry | undefined> => {
    const found = await waitingAttempt(deps, event.commandId);
    if (!found) return undefined;
    const { attempt, rental } = found;
    const nowMs = deps.clock.nowMs();
    if (event.status === 'succeeded' && rental.status === 'ejecting') {
      // The common case: settle and activate together (one round trip on PostgreSQL).
      const at = toIso(nowMs);
      const { settled, activated } = await deps.rentals.confirmEject(attempt.commandId, rental.id, at, nowMs);
      if (settled) deps.succeededEjects.add(attempt.commandId);
      if (activated) announce(deps, rental, 'active', at);
      return undefined;
    }
    const outcome: AttemptOutcome = event.status;
    if (!(await deps.rentals.settleAttempt(attempt.commandId, outcome, event.code ?? null, nowMs)))
      return undefined;
    if (event.status === 'succeeded') deps.succeededEjects.add(attempt.commandId);
    if (rental.status !== 'ejecting') return undefined;
    if (event.status === 'timed_out') {
      const outcome = await ejectFate(deps, attempt);
      if (outcome.fate === 'left') {
        await activate(deps, rental, outcome.atMs);
        return undefined;
      }
      if (outcome.fate === 'unknown') {
        // Don't guess: the rental keeps its hold and waits for the station (bank_removed, its next
        // hello or inventory); the recovery sweep decides once it knows, or gives up after a while.
        deps.unconfirmed.add(attempt.stationId, rental.id);
        return () => requestInventory(deps, attempt.stationId, rental.id);
      }
    }
    return nextPowerBank(deps, rental, event.code ?? event.status);
  });
  // The next eject is sent outside the lock above: sendEject takes the station's lock itself.
  await retry?.();
}

/**
 * Reserves the next best power bank for a rental whose eject failed and returns the step that ejects
 * it; or fails the rental (hold released) when the budget or the window is spent or none is left.
 */
async function nextPowerBank(
  deps: RentalFlowDeps,
  rental: Rental,
  reason: string,
): Promise<Retry | undefined> {
  const { options, clock, rentals } = deps;
  const nowMs = clock.nowMs();
  const withinWindow = nowMs - Date.parse(rental.createdAt) < options.retryWindowMs;
  const paymentId = rental.paymentId;
  const attempts = await rentals.listAttempts(rental.id);
  // BUSY means the station is still handing a power bank to the rider before: not a failure of this
  // bank, so it costs no attempt; the same bank is asked for again once the station is free.
  const failures = attempts.filter((a) => a.outcome !== null && a.outcomeCode !== BUSY).length;
  // A station that refused is a failure; an eject that never happened in time calls the rental off.
  const giveUpAs = reason === 'expired' || reason === 'timed_out' ? 'cancelled' : 'failed';
  if (failures >= options.maxEjectAttempts || !withinWindow || !paymentId) {
    await failRental(deps, rental, `RENTAL_EJECT_${reason.toUpperCase()}`, giveUpAs);
    return undefined;
  }
  if (reason === BUSY) {
    const busyInARow = attempts.length - 1 - attempts.findLastIndex((a) => a.outcomeCode !== BUSY);
    const waitMs = Math.min(BUSY_BACKOFF_MAX_MS, BUSY_BACKOFF_MS * 2 ** Math.max(0, busyInARow - 1));
    return async () => {
      await stationFreed(deps, rental.startStationId, waitMs);
      await ejectAttempt(deps, rental, rental.attempts + 1, paymentId).catch((err: unknown) =>
        deps.logger.warn(
          { err, rentalId: rental.id },
          'the eject could not be sent again; the rental failed',
        ),
      );
    };
  }
  const tried = new Set(attempts.filter((a) => a.outcomeCode !== BUSY).map((a) => a.powerBankId));
  for (const candidate of await rentableCandidates(deps, rental.startStationId)) {
    if (tried.has(candidate.powerBankId)) continue;
    if (!(await rentals.switchBank(rental.id, candidate.powerBankId, candidate.slot, nowMs))) continue;
    deps.logger.info(
      { rentalId: rental.id, failed: rental.powerBankId, next: candidate.powerBankId, reason },
      'eject failed; trying another power bank',
    );
    const switched: Rental = { ...rental, powerBankId: candidate.powerBankId, slot: candidate.slot };
    return async () => {
      await ejectAttempt(deps, switched, rental.attempts + 1, paymentId).catch((err: unknown) =>
        deps.logger.warn({ err, rentalId: rental.id }, 'the next eject could not be sent; the rental failed'),
      );
    };
  }
  await failRental(deps, rental, `RENTAL_EJECT_${reason.toUpperCase()}`, giveUpAs);
  return undefined;
}

/** The power bank left its slot after an eject: if the result was lost or is late, this starts the rental. */
export async function onPowerBankRemoved(
  deps: RentalFlowDeps,
  event: FleetEvents['fleet.power_bank.removed'],
): Promise<void> {
  if (!event.commandId) return;
  const commandId = event.commandId;
  // Usually the result came first and this process settled the attempt: nothing to do, nothing to read.
  if (deps.succeededEjects.take(commandId)) return;
  await deps.stationLock.run(event.stationId, async () => {
    // Usually the result came first and the rental is already active: nothing to do.
    const found = await waitingAttempt(deps, commandId);
    if (!found || found.attempt.outcome === 'succeeded' || found.rental.status !== 'ejecting') return;
    await deps.rentals.settleAttempt(commandId, 'succeeded', null, deps.clock.nowMs());
    await activate(deps, found.rental, Date.parse(event.at));
  });
}

/** The rider did not take the power bank and the station pulled it back: cancelled, free. */
export async function onPowerBankRetracted(
  deps: RentalFlowDeps,
  event: FleetEvents['fleet.power_bank.retracted'],
): Promise<void> {
  await deps.stationLock.run(event.stationId, async () => {
    const found = await waitingAttempt(deps, event.commandId);
    if (!found) return;
    const moved = await move(deps, found.rental, 'cancelled', { failureCode: 'RENTAL_NOT_TAKEN' }, [
      'ejecting',
      'active',
    ]);
    if (moved) await releaseHold(deps, found.rental);
  });
}
