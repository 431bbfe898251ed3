import { toIso } from '../../kernel/clock.js';
import type { FleetEvents } from '../../modules/fleet/index.js';
import { priceRental, type PriceBreakdown } from '../../modules/pricing/index.js';
import { plausibleEnd, type Rental } from '../../modules/rentals/index.js';
import { affectedRows } from '../../kernel/db/index.js';
import { announce, move, settleKey, type RentalFlowDeps } from './rental-flow.deps.js';

/**
 * A power bank was pushed into a slot. If it was out on a rental, the rental ends at the station's
 * (offset-corrected) time of the return, clamped between the rental's start and the moment we heard
 * of it — so a return made while the station was offline and delivered an hour later ends at the
 * return, and a station with a wild clock cannot make a rental end before it began or in the future.
 */
export async function onPowerBankInserted(
  deps: RentalFlowDeps,
  event: FleetEvents['fleet.power_bank.inserted'],
): Promise<void> {
  const rental = await deps.rentals.findLiveForBank(event.powerBankId);
  if (!rental || rental.status !== 'active') return;
  await endRental(deps, rental, event.stationId, Date.parse(event.at), Date.parse(event.receivedAt));
}

/** Claims the end of an active rental (once, whoever calls) and settles it. */
export async function endRental(
  deps: RentalFlowDeps,
  rental: Rental,
  stationId: string,
  reportedAtMs: number,
  receivedAtMs: number,
): Promise<void> {
  const startedAtMs = Date.parse(rental.startedAt ?? rental.createdAt);
  const endedAt = toIso(plausibleEnd(startedAtMs, reportedAtMs, receivedAtMs));
  const claimed = await move(deps, rental, 'ending', { endedAt, endStationId: stationId }, ['active']);
  if (!claimed) return;
  await settleRental(deps, { ...rental, status: 'ending', endedAt, endStationId: stationId });
}

/** The price of a finished rental with the tariff frozen when it started. */
export function priceOf(rental: Rental): PriceBreakdown {
  const startedAtMs = Date.parse(rental.startedAt ?? rental.createdAt);
  const endedAtMs = Date.parse(rental.endedAt!);
  return priceRental(rental.tariff.tariff, Math.max(0, endedAtMs - startedAtMs), rental.tariff.taxRule);
}

/** What the receipt prints besides the price: where, when, how long (times in the start site's zone). */
async function receiptContext(
  deps: RentalFlowDeps,
  rental: Rental,
): Promise<Record<string, string | number>> {
  const { lookups } = deps;
  const start = await lookups.station(rental.startStationId);
  const end = rental.endStationId ? await lookups.station(rental.endStationId) : undefined;
  const site = start ? await lookups.site(start.siteId) : undefined;
  const startedAtMs = Date.parse(rental.startedAt ?? rental.createdAt);
  const endedAtMs = Date.parse(rental.endedAt ?? rental.createdAt);
  return {
    rental: rental.id,
    startStation: start?.code ?? rental.startStationId,
    ...(end || rental.endStationId ? { endStation: end?.code ?? rental.endStationId! } : {}),
    startedAt: rental.startedAt ?? rental.createdAt,
    endedAt: rental.endedAt ?? rental.createdAt,
    durationMinutes: Math.ceil(Math.max(0, endedAtMs - startedAtMs) / 60_000),
    ...(site ? { timeZone: site.timeZone } : {}),
  };
}

/**
 * Takes the payment for a rental in `ending` (or `purchasing`) and finishes it. Idempotent: after a
 * crash the recovery sweep calls it again and the payment's idempotency key makes sure the rider is
 * charged once.
 */
export async function settleRental(
  deps: RentalFlowDeps,
  rental: Rental,
  breakdown: PriceBreakdown = priceOf(rental),
): Promise<void> {
  if (!rental.paymentId) {
    deps.logger.error({ rentalId: rental.id }, 'rental to settle has no payment');
    return;
  }
  const to = rental.status === 'purchasing' ? 'purchased' : 'ended';
  const from = [rental.status];
  const patchFor = (receiptId: string | null, failureCode: string | null) => ({
    amount: breakdown.gross.amount,
    ...(receiptId ? { receiptId } : {}),
    failureCode,
  });
  const nowMs = deps.clock.nowMs();
  const settled = await deps.payments.settle({
    paymentId: rental.paymentId,
    breakdown,
    context: await receiptContext(deps, rental),
    pricing: {
      periodMinutes: rental.tariff.tariff.periodMinutes,
      taxRateBasisPoints: rental.tariff.taxRule.rateBasisPoints,
      country: rental.tariff.country,
      kind: rental.status === 'purchasing' ? 'purchase' : 'rental',
    },
    idempotencyKey: settleKey(rental.id),
    // The rental's final move commits with the payment's outcome (one transaction, one round trip on
    // PostgreSQL); on a replay or a zero price it is made below instead.
    alongside: (recorded, db) => [
      deps.rentals.transitionQuery(
        rental.id,
        to,
        patchFor(
          recorded.receiptId,
          recorded.status === 'failed' ? (recorded.failureCode ?? 'PAYMENT_FAILED') : null,
        ),
        nowMs,
        from,
        db,
      ),
    ],
  });
  if (settled.alongside) {
    if (affectedRows(settled.alongside[0]!) === 1) announce(deps, rental, to, toIso(nowMs));
    return;
  }
  const { payment, receipt } = settled;
  await move(
    deps,
    rental,
    to,
    patchFor(
      receipt?.id ?? null,
      payment.status === 'failed' ? (payment.failureCode ?? 'PAYMENT_FAILED') : null,
    ),
    from,
  );
}
