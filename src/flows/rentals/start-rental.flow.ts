import { readTogether } from '../../kernel/db/index.js';
import { NotFoundError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { money } from '../../kernel/money/index.js';
import type { RiderPrincipal } from '../../modules/identity/identity.contract.js';
import { stationNotFound } from '../../modules/fleet/index.js';
import { noCard } from '../../modules/payments/index.js';
import {
  alreadyRenting,
  noPowerBankAvailable,
  stationOffline,
  pendingRental,
  type Rental,
} from '../../modules/rentals/index.js';
import { candidatesAmong, ejectAttempt, releaseHold } from './eject.step.js';
import { holdKey, paymentReference, type RentalFlowDeps } from './rental-flow.deps.js';

export type StationRef = { stationId: string } | { stationCode: string };

/** The station the rider named; a code goes through the lookups' cache (the caller re-checks it). */
async function stationIdOf(deps: RentalFlowDeps, ref: StationRef): Promise<string> {
  if ('stationId' in ref) return ref.stationId;
  const id = await deps.lookups.stationIdForCode(ref.stationCode);
  if (!id) throw noStationWithCode(ref.stationCode);
  return id;
}

const noStationWithCode = (code: string) =>
  new NotFoundError('FLEET_STATION_NOT_FOUND', `No station has code ${code}`, { code });

/**
 * Starts a rental: checks the station and the rider, freezes the tariff, reserves the best power bank,
 * places the hold and sends the eject. Returns the rental in `ejecting`; it becomes `active` when the
 * station confirms (eject-outcome.flow.ts). Every refusal before the eject leaves nothing behind.
 */
export async function startRental(
  deps: RentalFlowDeps,
  rider: RiderPrincipal,
  ref: StationRef,
  codeLookedUpAfresh = false,
): Promise<Rental> {
  const { rentals, payments, clock } = deps;
  const stationId = await stationIdOf(deps, ref);
  // What the checks below need, read in one round trip where the database can (kernel/db reads.ts).
  const [station, live, payer, slots] = await readTogether(deps.database, [
    deps.fleet.stations.stationRead(stationId),
    rentals.liveForRiderRead(rider.riderId),
    payments.payerRead(rider.riderId),
    deps.fleet.availability.slotDetailsRead(stationId),
  ] as const);
  if ('stationCode' in ref && station?.code !== ref.stationCode) {
    // The cached code named a station that no longer has it: look it up afresh, once.
    if (codeLookedUpAfresh) throw noStationWithCode(ref.stationCode);
    deps.lookups.forgetCode(ref.stationCode);
    return startRental(deps, rider, ref, true);
  }
  if (!station) throw stationNotFound(stationId);
  if (station.connectivity !== 'online' || !station.enabled || !deps.commands)
    throw stationOffline(station.id);
  if (live) throw alreadyRenting(live.id);
  const site = await deps.lookups.site(station.siteId);
  if (!site) throw stationNotFound(station.id);
  const tariff = await deps.tariffs.freeze(site.country, clock.nowMs());
  if (!payer) throw noCard(rider.riderId);

  const rentalId = newId('rental');
  let reserved: Rental | undefined;
  for (const candidate of candidatesAmong(slots)) {
    const input = {
      id: rentalId,
      riderId: rider.riderId,
      startStationId: station.id,
      powerBankId: candidate.powerBankId,
      slot: candidate.slot,
      tariff,
      nowMs: clock.nowMs(),
    };
    const outcome = await rentals.insertPending(input);
    if (outcome === 'rider_busy') {
      const other = await rentals.findLiveForRider(rider.riderId);
      throw alreadyRenting(other?.id ?? rentalId);
    }
    if (outcome === 'inserted') {
      reserved = pendingRental(input);
      break;
    }
  }
  if (!reserved) throw noPowerBankAvailable(station.id);

  let paymentId: string;
  try {
    const hold = await payments.authorizeHold({
      riderId: rider.riderId,
      amount: money(tariff.holdAmount, tariff.tariff.currency),
      reference: paymentReference(rentalId),
      idempotencyKey: holdKey(rentalId),
      payer,
    });
    paymentId = hold.id;
  } catch (err) {
    // A refused hold may still have left a payment behind (e.g. one waiting for 3-D Secure the rider
    // could complete later): release it, so nothing is held for a rental that never existed.
    const payment = await payments.findByReference(paymentReference(rentalId));
    if (payment) await releaseHold(deps, { id: rentalId, paymentId: payment.id });
    await rentals.deletePending(rentalId);
    throw err;
  }
  // The rental as the eject left it; read back only if something else moved it meanwhile.
  const ejecting = await ejectAttempt(deps, reserved, 1, paymentId, station);
  return ejecting ?? (await rentals.get(rentalId)) ?? reserved;
}
