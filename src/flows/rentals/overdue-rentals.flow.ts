import { toIso } from '../../kernel/clock.js';
import { pricePurchase } from '../../modules/pricing/index.js';
import { move, type RentalFlowDeps } from './rental-flow.deps.js';
import { settleRental } from './return-power-bank.flow.js';

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
    if (rental.powerBankId) await deps.fleet.state.markRentedBankLost(rental.powerBankId, nowMs);
    await settleRental(
      deps,
      { ...rental, status: 'purchasing', endedAt },
      pricePurchase(rental.tariff.tariff, rental.tariff.taxRule),
    );
    purchased += 1;
  }
  return purchased;
}
