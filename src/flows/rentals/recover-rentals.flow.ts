import type { Rental } from '../../modules/rentals/index.js';
import { decideUnconfirmedEject } from './eject-fate.js';
import { onEjectCompleted } from './eject-outcome.flow.js';
import { failRental, releaseHold } from './eject.step.js';
import { finishPurchase, purchaseOverdueRentals } from './overdue-rentals.flow.js';
import { move, paymentReference, type RentalFlowDeps } from './rental-flow.deps.js';
import { endRental, settleRental } from './return-power-bank.flow.js';

export interface RecoveryReport {
  unwound: number;
  ejectsResolved: number;
  returnsFound: number;
  settled: number;
  purchased: number;
}

/** Rentals the event handlers already own: the sweep leaves anything younger alone. */
const QUIET_MS = 30_000;

/**
 * Resolves every rental a crash (or a lost event) left between steps, from what the database, the
 * station's command records and the power banks' locations say. Run at start-up and periodically;
 * every step it takes is one the event handlers would have taken, and each is idempotent, so running
 * it twice, or next to the handlers, changes nothing.
 */
export async function recoverRentals(deps: RentalFlowDeps): Promise<RecoveryReport> {
  const { rentals, clock, options } = deps;
  const nowMs = clock.nowMs();
  const report: RecoveryReport = { unwound: 0, ejectsResolved: 0, returnsFound: 0, settled: 0, purchased: 0 };

  for (const rental of await rentals.listInStatus(['pending'], nowMs - options.pendingTimeoutMs)) {
    await unwindPending(deps, rental);
    report.unwound += 1;
  }
  // Every ejecting rental (there are few): an unconfirmed eject is decided from facts as soon as they
  // are in, whatever its age; the others only once the handlers have had their chance.
  for (const rental of await rentals.listInStatus(['ejecting'], nowMs)) {
    if (await resolveEject(deps, rental, Date.parse(rental.updatedAt) <= nowMs - QUIET_MS)) {
      report.ejectsResolved += 1;
    }
  }
  for (const rental of await rentals.listInStatus(['active'], nowMs - QUIET_MS)) {
    if (await findReturn(deps, rental)) report.returnsFound += 1;
  }
  for (const rental of await rentals.listInStatus(['ending', 'purchasing'], nowMs - QUIET_MS)) {
    if (rental.status === 'purchasing') await finishPurchase(deps, rental);
    else await settleRental(deps, rental);
    report.settled += 1;
  }
  report.purchased = await purchaseOverdueRentals(deps);
  return report;
}

/** A rental interrupted before its eject was sent: fail it and release any hold it got. */
async function unwindPending(deps: RentalFlowDeps, rental: Rental): Promise<void> {
  const payment = await deps.payments.findByReference(paymentReference(rental.id));
  const moved = await move(deps, rental, 'cancelled', { failureCode: 'RENTAL_INTERRUPTED' }, ['pending']);
  if (moved && payment) await releaseHold(deps, { id: rental.id, paymentId: payment.id });
}

/**
 * An ejecting rental nobody moved on: apply its command's final status if that was never applied;
 * decide an unanswered eject once the station has told what happened (or give up after a while).
 */
async function resolveEject(deps: RentalFlowDeps, rental: Rental, quiet: boolean): Promise<boolean> {
  const last = (await deps.rentals.listAttempts(rental.id)).at(-1);
  if (last?.outcome === 'timed_out') return decideUnconfirmedEject(deps, rental, last);
  if (!quiet) return false;
  if (!last) {
    // The eject was never recorded as sent: if the power bank left anyway, the rental runs; else it ends.
    const bank = rental.powerBankId ? await deps.fleet.stations.findPowerBank(rental.powerBankId) : undefined;
    if (bank?.location === 'rental' && bank.locationAt >= rental.updatedAt) {
      return (await move(deps, rental, 'active', { startedAt: bank.locationAt }, ['ejecting'])) !== undefined;
    }
    await failRental(deps, rental, 'RENTAL_INTERRUPTED', 'cancelled');
    return true;
  }
  if (last.outcome === null) {
    const command = await deps.fleet.commandRecords.get(last.commandId);
    if (!command || command.status === 'pending' || command.status === 'sent') return false;
    await onEjectCompleted(deps, {
      commandId: command.id,
      stationId: command.stationId,
      type: 'eject',
      status: command.status,
      ...(command.resultCode ? { code: command.resultCode } : {}),
    });
    return true;
  }
  // The last eject failed and the next one was never sent (a crash in between): call it off.
  await failRental(deps, rental, 'RENTAL_INTERRUPTED', 'cancelled');
  return true;
}

/** An active rental whose power bank is back in a slot (the return event was lost): end it then. */
async function findReturn(deps: RentalFlowDeps, rental: Rental): Promise<boolean> {
  if (!rental.powerBankId || !rental.startedAt) return false;
  const bank = await deps.fleet.stations.findPowerBank(rental.powerBankId);
  if (!bank || bank.location !== 'slot' || !bank.stationId || bank.locationAt <= rental.startedAt)
    return false;
  const atMs = Date.parse(bank.locationAt);
  await endRental(deps, rental, bank.stationId, atMs, atMs);
  return true;
}
