import { isAppError } from '../../kernel/errors.js';
import type { SlotDetail, Station } from '../../modules/fleet/index.js';
import type { Rental } from '../../modules/rentals/index.js';
import { stationBusy } from '../../modules/rentals/index.js';
import { move, type RentalFlowDeps } from './rental-flow.deps.js';

export interface Candidate {
  slot: number;
  powerBankId: string;
  batteryPct: number;
}

/** Rentable power banks at a station, best first: highest battery, then lowest slot. */
export async function rentableCandidates(deps: RentalFlowDeps, stationId: string): Promise<Candidate[]> {
  return candidatesAmong(await deps.fleet.availability.slotDetails(stationId));
}

/** The rentable power banks among a station's slots, best first. */
export function candidatesAmong(slots: readonly SlotDetail[]): Candidate[] {
  return slots
    .filter((s) => s.rentable && s.powerBankId !== null)
    .map((s) => ({ slot: s.slot, powerBankId: s.powerBankId!, batteryPct: s.batteryPct ?? 0 }))
    .sort((a, b) => b.batteryPct - a.batteryPct || a.slot - b.slot);
}

const BUSY_RETRY_MS = 100;

/**
 * Sends the eject for the rental's current power bank and records the attempt, under the station's
 * lock (see KeyedLock). When another process's eject is in flight at the station, waits for it, up to
 * stationBusyWaitMs. Throws when the command could not be sent; the caller unwinds.
 */
export async function sendEject(
  deps: RentalFlowDeps,
  rental: Rental,
  attempt: number,
  station?: Station,
): Promise<string> {
  const { commands, clock, options } = deps;
  if (!commands) throw stationBusy(rental.startStationId);
  const deadline = clock.nowMs() + options.stationBusyWaitMs;
  for (;;) {
    try {
      return await deps.stationLock.run(rental.startStationId, async () => {
        const command = await commands.send({
          stationId: rental.startStationId,
          type: 'eject',
          params: { slot: rental.slot, powerBankId: rental.powerBankId },
          requestedBy: `rental:${rental.id}`,
          ...(station ? { station } : {}),
          // The attempt is committed with the command's move to sent, still under the station's lock,
          // so the station's answer (handled under the same lock) always finds it.
          alongside: (commandId, db) => [
            deps.rentals.attemptInsert(db, {
              commandId,
              rentalId: rental.id,
              attempt,
              stationId: rental.startStationId,
              slot: rental.slot!,
              powerBankId: rental.powerBankId!,
              nowMs: clock.nowMs(),
            }),
          ],
        });
        return command.id;
      });
    } catch (err) {
      if (!isAppError(err) || err.code !== 'FLEET_EJECT_IN_PROGRESS' || clock.nowMs() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }
}

/**
 * Moves the rental to `ejecting` on the given power bank (attempt n) and sends the eject. Returns the
 * rental as stored once the eject is sent, or undefined when another actor had moved the rental
 * first. On a send failure the rental fails and its hold is released; the error is re-thrown.
 */
export async function ejectAttempt(
  deps: RentalFlowDeps,
  rental: Rental,
  attempt: number,
  paymentId: string,
  station?: Station,
): Promise<Rental | undefined> {
  const movedAt = await move(deps, rental, 'ejecting', { attempts: attempt, paymentId }, [
    'pending',
    'ejecting',
  ]);
  if (!movedAt) return undefined;
  const current = {
    ...rental,
    attempts: attempt,
    paymentId,
    status: 'ejecting' as const,
    updatedAt: movedAt,
  };
  try {
    await sendEject(deps, current, attempt, station);
  } catch (err) {
    await failRental(deps, current, isAppError(err) ? err.code : 'RENTAL_EJECT_NOT_SENT');
    throw err;
  }
  return current;
}

/**
 * Ends a rental that never got its power bank out, hold released: `failed` when the station could not
 * eject, `cancelled` when the eject never happened in time (expired, unanswered, interrupted).
 */
export async function failRental(
  deps: RentalFlowDeps,
  rental: Rental,
  code: string,
  status: 'failed' | 'cancelled' = 'failed',
): Promise<void> {
  const moved = await move(deps, rental, status, { failureCode: code }, ['pending', 'ejecting']);
  if (moved) await releaseHold(deps, rental);
}

/** Releases the rental's hold, if it has one; safe to repeat. */
export async function releaseHold(
  deps: RentalFlowDeps,
  rental: Pick<Rental, 'id' | 'paymentId'>,
): Promise<void> {
  const paymentId = rental.paymentId ?? (await deps.rentals.get(rental.id))?.paymentId;
  if (!paymentId) return;
  try {
    await deps.payments.releaseHold(paymentId, `${rental.id}:release`);
  } catch (err) {
    // The recovery sweep releases it later; the rider is not charged either way.
    deps.logger.error({ err, rentalId: rental.id, paymentId }, 'releasing a rental hold failed');
  }
}
