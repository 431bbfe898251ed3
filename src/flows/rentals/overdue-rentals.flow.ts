import { toIso } from '../../kernel/clock.js';
import { pricePurchase } from '../../modules/pricing/index.js';
import type { Rental } from '../../modules/rentals/index.js';
import { move, type RentalFlowDeps } from './rental-flow.deps.js';
import { settleRental } from './return-power-bank.flow.js';

/**
 * Finishes a rental in `purchasing`: the power bank is marked lost (only if it is still out) and the
 * rider is charged the power bank's price. Idempotent, so the recovery sweep may call it again.
 */
export async function finishPurchase(deps: RentalFlowDeps, rental: Rental): Promise<void> {
  if (rental.powerBankId) await deps.fleet.state.markRentedBankLost(rental.powerBankId, deps.clock.nowMs());
  await settleRental(deps, rental, pricePurchase(rental.tariff.tariff, rental.tariff.taxRule));
}

/** The shortest maximum rental period any region may set; active rentals younger than this are skipped. */
const MIN_MAX_RENTAL_MS = 3_600_000;

/**
 * Rentals not returned within their tariff's maximum period become purchases of the power bank, at
 * the tariff's maxCharge (the power bank's price), and the power bank is marked lost. Returns how many.
 */
export async function purchaseOverdueRentals(deps: RentalFlowDeps): Promise<number> {
  const nowMs = deps.clock.nowMs();
  let purchased = 0;
  for (const rental of await deps.rentals.listActiveStartedBefore(nowMs - MIN_MAX_RENTAL_MS)) {
    const startedAtMs = Date.parse(rental.startedAt ?? rental.createdAt);
    if (nowMs - startedAtMs < rental.tariff.maxRentalMs) continue;
    const endedAt = toIso(startedAtMs + rental.tariff.maxRentalMs);
    if (!(await move(deps, rental, 'purchasing', { endedAt }, ['active']))) continue;
    await finishPurchase(deps, { ...rental, status: 'purchasing', endedAt });
    purchased += 1;
  }
  return purchased;
}
