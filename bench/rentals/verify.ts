import type { Verification } from './report.js';
import type { BenchWorld } from './world.js';

/**
 * After the load: every cycle the bench counted as complete must be a rental `ended` without a failure
 * and with a receipt, its payment `captured`; and across all bench riders no hold may be left open.
 * Read through the modules' doors, never their tables, in the platform process (`riderIds` and
 * `completedIds` come from the load process).
 */
export async function verify(
  world: BenchWorld,
  riderIds: string[],
  completedIds: string[],
): Promise<Verification> {
  const { rentals, payments } = world.platform.riders;
  let notSettled = 0;
  for (const id of completedIds) {
    const rental = await rentals.repository.get(id);
    const payment = rental?.paymentId ? await payments.get(rental.paymentId) : undefined;
    const ok =
      rental?.status === 'ended' &&
      rental.failureCode === null &&
      rental.receiptId !== null &&
      payment?.status === 'captured';
    if (!ok) notSettled += 1;
  }
  const rentalsByStatus: Record<string, number> = {};
  const paymentsByStatus: Record<string, number> = {};
  for (const riderId of riderIds) {
    for (const r of await rentals.repository.listForRider(riderId, 1_000_000)) {
      rentalsByStatus[r.status] = (rentalsByStatus[r.status] ?? 0) + 1;
    }
    for (const p of await payments.listForRider(riderId, 1_000_000)) {
      paymentsByStatus[p.status] = (paymentsByStatus[p.status] ?? 0) + 1;
    }
  }
  return { completed: completedIds.length, notSettled, rentalsByStatus, paymentsByStatus };
}
