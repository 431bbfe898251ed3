import type { Kysely, Selectable } from 'kysely';
import { toIso, type Clock } from '../../kernel/clock.js';
import { affectedRows, isUniqueViolation, type Database } from '../../kernel/db/index.js';
import { allocate, money, type Money } from '../../kernel/money/index.js';
import { statusAfterRefund } from './payment.state.js';
import {
  idempotencyKeyReused,
  invalidPaymentInput,
  notRefundable,
  paymentNotFound,
  refundExceeds,
} from './payments.errors.js';
import { paymentsId } from './payments.ids.js';
import type { PaymentProvider, ProviderRefund } from './payments.provider.js';
import { chargesOf, type PaymentRow, type PaymentsRepository } from './payments.repository.js';
import type { PaymentsTables, RefundStatus, RefundTable } from './payments.tables.js';
import { refundedLines, type Ledger } from './ledger.js';

export interface Refund {
  id: string;
  paymentId: string;
  amount: Money;
  /** The part of the refund that reverses tax. */
  tax: Money;
  reason: string;
  status: RefundStatus;
  createdAt: string;
}

/** How a refund is spread over the payment's charges, and what the processor answered for each. */
interface RefundLeg {
  chargeId: string;
  amount: number;
  providerRefundId?: string;
}

type RefundRow = Selectable<RefundTable>;

function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amount: money(Number(row.amount), row.currency),
    tax: money(Number(row.tax), row.currency),
    reason: row.reason,
    status: row.status,
    createdAt: row.created_at,
  };
}

/**
 * The tax part of the first `refunded` units of a payment that captured `captured` with `tax` in it:
 * an exact allocation, so refunding everything in any number of pieces reverses exactly the tax taken.
 */
function taxWithin(captured: number, tax: number, refunded: number, currency: string): number {
  if (refunded <= 0 || tax === 0) return 0;
  return allocate(money(tax, currency), [refunded, captured - refunded])[0]!.amount;
}

/** Spreads a refund over the charges in order, after what earlier refunds took from them. */
function legsFor(row: PaymentRow, before: number, amount: number): RefundLeg[] {
  const legs: RefundLeg[] = [];
  let skip = before;
  let left = amount;
  for (const charge of chargesOf(row)) {
    const used = Math.min(skip, charge.amount);
    skip -= used;
    const take = Math.min(left, charge.amount - used);
    if (take > 0) legs.push({ chargeId: charge.id, amount: take });
    left -= take;
  }
  return legs;
}

class LostRace extends Error {}

/**
 * Refunds, full and partial. The amount is reserved on the payment first (a conditional update on
 * the refunded total, so concurrent refunds can never exceed what was captured), then the processor
 * refunds each charge with a key derived from the refund, then the refund and its ledger group are
 * recorded. A retry with the same key resumes a refund a crash interrupted.
 */
export class RefundsService {
  private readonly db: Kysely<PaymentsTables>;

  constructor(
    private readonly database: Database,
    private readonly payments: PaymentsRepository,
    private readonly ledger: Ledger,
    private readonly provider: PaymentProvider,
    private readonly clock: Clock,
  ) {
    this.db = database.db as Kysely<PaymentsTables>;
  }

  async refund(input: {
    paymentId: string;
    amount: number;
    reason: string;
    idempotencyKey: string;
  }): Promise<Refund> {
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      throw invalidPaymentInput('amount', 'must be a positive whole number of minor units');
    }
    for (let attempt = 0; ; attempt++) {
      const existing = await this.byKey(input.idempotencyKey);
      if (existing) {
        if (existing.payment_id !== input.paymentId || Number(existing.amount) !== input.amount) {
          throw idempotencyKeyReused();
        }
        return this.complete(existing);
      }
      try {
        return await this.complete(await this.reserve(input));
      } catch (err) {
        if (!(err instanceof LostRace) || attempt >= 20) throw err;
      }
    }
  }

  async listForPayment(paymentId: string): Promise<Refund[]> {
    const rows = await this.db
      .selectFrom('payments_refunds')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRefund);
  }

  /** Applies a processor's later word on a refund (Stripe: pending → succeeded or failed). */
  async applyProviderStatus(providerRefundId: string, status: ProviderRefund['status']): Promise<void> {
    if (status === 'pending') return;
    const rows = await this.db
      .selectFrom('payments_refunds')
      .selectAll()
      .where('status', '=', 'pending')
      .where('provider_refund_ids', 'like', `%${providerRefundId}%`)
      .execute();
    for (const row of rows) {
      await this.db
        .updateTable('payments_refunds')
        .set({ status, updated_at: toIso(this.clock.nowMs()) })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .execute();
    }
  }

  private async reserve(input: {
    paymentId: string;
    amount: number;
    reason: string;
    idempotencyKey: string;
  }): Promise<RefundRow> {
    const payment = await this.payments.get(input.paymentId);
    if (!payment) throw paymentNotFound(input.paymentId);
    if (payment.status !== 'captured' && payment.status !== 'partially_refunded') {
      throw notRefundable(payment.id, payment.status);
    }
    const captured = Number(payment.captured_amount);
    const before = Number(payment.refunded_amount);
    if (input.amount > captured - before)
      throw refundExceeds(payment.id, captured - before, payment.currency);
    const after = before + input.amount;
    const capturedTax = Number(payment.captured_tax);
    const tax =
      taxWithin(captured, capturedTax, after, payment.currency) -
      taxWithin(captured, capturedTax, before, payment.currency);
    const now = toIso(this.clock.nowMs());
    const row: RefundRow = {
      id: paymentsId('refund', this.clock.nowMs()),
      payment_id: payment.id,
      amount: input.amount,
      tax,
      currency: payment.currency,
      reason: input.reason,
      idempotency_key: input.idempotencyKey,
      status: 'pending',
      provider_refund_ids: JSON.stringify(legsFor(payment, before, input.amount)),
      created_at: now,
      updated_at: now,
    };
    try {
      await this.database.transaction(async (trx) => {
        const db = trx as Kysely<PaymentsTables>;
        const moved = await this.payments.move(
          payment.id,
          payment.status,
          { status: statusAfterRefund(payment.status, captured, after), refunded_amount: after },
          db,
          { refundedAmount: before },
        );
        if (!moved) throw new LostRace();
        await db.insertInto('payments_refunds').values(row).execute();
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new LostRace();
      throw err;
    }
    return row;
  }

  /** Asks the processor for each leg not yet refunded, then records the refund and its ledger group once. */
  private async complete(row: RefundRow): Promise<Refund> {
    if (
      row.status !== 'pending' ||
      JSON.parse(row.provider_refund_ids).every((l: RefundLeg) => l.providerRefundId)
    ) {
      return toRefund(row);
    }
    const legs = JSON.parse(row.provider_refund_ids) as RefundLeg[];
    let status: RefundStatus = 'succeeded';
    for (const [i, leg] of legs.entries()) {
      const answer = await this.provider.refund({
        chargeId: leg.chargeId,
        amount: money(leg.amount, row.currency),
        idempotencyKey: `${row.id}:${i}`,
      });
      leg.providerRefundId = answer.id;
      if (answer.status !== 'succeeded') status = answer.status === 'failed' ? 'failed' : 'pending';
    }
    await this.database.transaction(async (trx) => {
      const db = trx as Kysely<PaymentsTables>;
      const result = await db
        .updateTable('payments_refunds')
        .set({ status, provider_refund_ids: JSON.stringify(legs), updated_at: toIso(this.clock.nowMs()) })
        .where('id', '=', row.id)
        .where('provider_refund_ids', '=', row.provider_refund_ids)
        .executeTakeFirst();
      // A concurrent retry recorded it first; a failed refund moved no money, so it has no ledger group.
      if (affectedRows(result) !== 1 || status === 'failed') return;
      await this.ledger.post(db, {
        kind: 'refund',
        paymentId: row.payment_id,
        refundId: row.id,
        currency: row.currency,
        lines: refundedLines(Number(row.amount), Number(row.tax)),
      });
    });
    return toRefund((await this.byKey(row.idempotency_key))!);
  }

  private async byKey(key: string): Promise<RefundRow | undefined> {
    return this.db
      .selectFrom('payments_refunds')
      .selectAll()
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }
}
