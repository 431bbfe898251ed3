import { TestClock } from '../../src/kernel/clock.js';
import { type Database, type DialectName } from '../../src/kernel/db/index.js';
import { createLogger } from '../../src/kernel/logger.js';
import { money } from '../../src/kernel/money/index.js';
import {
  SANDBOX_TEST_CARDS,
  createPaymentsModule,
  createSandboxProvider,
  type PaymentProvider,
  type PaymentsModule,
} from '../../src/modules/payments/index.js';
import type { PriceBreakdown } from '../../src/modules/pricing/index.js';
import { freshDatabase } from '../helpers/db.js';

export type TestCard = keyof typeof SANDBOX_TEST_CARDS;

export interface PaymentsHarness {
  database: Database & { drop(): Promise<void> };
  clock: TestClock;
  payments: PaymentsModule;
  /** Saves the test card for the rider; returns the card id. */
  addCard(riderId: string, card?: TestCard): Promise<string>;
  /** A hold of `amount` minor units for a fresh rental of the rider. */
  hold(riderId: string, amount: number, currency?: string): Promise<string>;
  drop(): Promise<void>;
}

let riders = 0;
/** A rider id unique within the run, so suites sharing a database never see each other's riders. */
export const newRider = () => `rdr_test_${Date.now().toString(36)}_${++riders}`;

/** A fresh, migrated database of the dialect (every module's migrations, payments' included). */
export const paymentsDatabase = freshDatabase;

/** A database of the dialect with every migration plus payments', a test clock and the payments module. */
export async function paymentsHarness(
  dialect: DialectName,
  wrap?: (sandbox: PaymentProvider) => PaymentProvider,
): Promise<PaymentsHarness> {
  const database = await paymentsDatabase(dialect);
  const clock = new TestClock('2026-03-02T09:00:00.000Z');
  const sandbox = createSandboxProvider({ database, clock });
  const payments = createPaymentsModule({
    database,
    clock,
    logger: createLogger('silent'),
    provider: wrap ? wrap(sandbox) : sandbox,
  });
  let rentals = 0;
  return {
    database,
    clock,
    payments,
    addCard: async (riderId, card = 'succeeds') =>
      (await payments.cards.add(riderId, { kind: 'test_card', number: SANDBOX_TEST_CARDS[card] })).id,
    hold: async (riderId, amount, currency = 'GBP') =>
      (
        await payments.authorizeHold({
          riderId,
          amount: money(amount, currency),
          reference: `rental:rnt_${++rentals}`,
          idempotencyKey: `hold-${riderId}-${rentals}`,
        })
      ).id,
    drop: () => database.drop(),
  };
}

/** A price as the pricing module makes them: lines sum to gross, tax included at 20%. */
export function gbpPrice(gross: number, tax = Math.round(gross / 6)): PriceBreakdown {
  return {
    currency: 'GBP',
    lines: [
      { code: 'unlock_fee', amount: money(Math.min(100, gross), 'GBP') },
      { code: 'usage', amount: money(gross - Math.min(100, gross), 'GBP'), quantity: 2 },
    ],
    net: money(gross - tax, 'GBP'),
    tax: money(tax, 'GBP'),
    gross: money(gross, 'GBP'),
    capped: null,
    chargedPeriods: 2,
    startedDays: 1,
  };
}
