import type { Kysely, Selectable, Updateable } from 'kysely';
import { toIso, type Clock } from '../../kernel/clock.js';
import { affectedRows, capabilitiesOf, isUniqueViolation, type Database } from '../../kernel/db/index.js';
import { money } from '../../kernel/money/index.js';
import type { Payment, PaymentStatus } from './payments.contract.js';
import { paymentsId } from './payments.ids.js';
import type { PaymentTable, PaymentsTables } from './payments.tables.js';

export type PaymentRow = Selectable<PaymentTable>;
export type PaymentsDb = Kysely<PaymentsTables>;
export type PaymentChanges = Updateable<PaymentTable> & { status: PaymentStatus };

/** A processor charge money was taken by; refunds fill them in this order. */
export interface ChargePart {
  id: string;
  amount: number;
}

export function chargesOf(row: PaymentRow): ChargePart[] {
  return JSON.parse(row.charges) as ChargePart[];
}

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    riderId: row.rider_id,
    status: row.status,
    authorized: money(Number(row.authorized_amount), row.currency),
    captured: money(Number(row.captured_amount), row.currency),
    refunded: money(Number(row.refunded_amount), row.currency),
    reference: row.reference,
    cardId: row.card_id,
    failureCode: row.failure_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewPayment {
  riderId: string;
  amount: number;
  currency: string;
  reference: string;
  cardId: string;
  provider: string;
  customerId: string;
  paymentMethodId: string;
  authorizeKey: string;
}

/**
 * Payment records. Every status change is a conditional update (`where status = <expected>`), so of
 * two processes racing to move one payment only one succeeds and the other re-reads what happened.
 */
export class PaymentsRepository {
  readonly db: PaymentsDb;
  private readonly supportsReturning: boolean;

  constructor(
    database: Database,
    private readonly clock: Clock,
  ) {
    this.db = database.db as PaymentsDb;
    this.supportsReturning = capabilitiesOf(database.dialect).supportsReturning;
  }

  /** Inserts a pending payment; returns the existing one when the authorize key was already used. */
  async insertPending(input: NewPayment): Promise<{ row: PaymentRow; created: boolean }> {
    const now = toIso(this.clock.nowMs());
    const row: PaymentRow = {
      id: paymentsId('payment', this.clock.nowMs()),
      rider_id: input.riderId,
      status: 'pending',
      currency: input.currency,
      authorized_amount: input.amount,
      captured_amount: 0,
      captured_tax: 0,
      refunded_amount: 0,
      amount_due: 0,
      reference: input.reference,
      card_id: input.cardId,
      provider: input.provider,
      customer_id: input.customerId,
      payment_method_id: input.paymentMethodId,
      authorization_id: null,
      hold_expires_at: null,
      charges: '[]',
      failure_code: null,
      authorize_key: input.authorizeKey,
      claim_key: null,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto('payments_payments').values(row).execute();
      return { row, created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.byAuthorizeKey(input.authorizeKey);
      if (!existing) throw err;
      return { row: existing, created: false };
    }
  }

  async get(id: string, db: PaymentsDb = this.db): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments_payments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byAuthorizeKey(key: string): Promise<PaymentRow | undefined> {
    return this.db
      .selectFrom('payments_payments')
      .selectAll()
      .where('authorize_key', '=', key)
      .executeTakeFirst();
  }

  /** The newest payment made for a business object (`rental:rnt_…`). */
  async byReference(reference: string): Promise<PaymentRow | undefined> {
    return this.db
      .selectFrom('payments_payments')
      .selectAll()
      .where('reference', '=', reference)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  async byAuthorizationId(authorizationId: string): Promise<PaymentRow[]> {
    return this.db
      .selectFrom('payments_payments')
      .selectAll()
      .where('authorization_id', '=', authorizationId)
      .execute();
  }

  /** A rider's payments, newest first. */
  async listForRider(riderId: string, limit = 50): Promise<PaymentRow[]> {
    return this.db
      .selectFrom('payments_payments')
      .selectAll()
      .where('rider_id', '=', riderId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Takes the hold for one operation (`settle:<key>` / `release:<key>`): succeeds for exactly one
   * caller while the payment is in `from` and unclaimed.
   */
  async claim(id: string, from: PaymentStatus[], claimKey: string): Promise<boolean> {
    const result = await this.db
      .updateTable('payments_payments')
      .set({ claim_key: claimKey, updated_at: toIso(this.clock.nowMs()) })
      .where('id', '=', id)
      .where('status', 'in', from)
      .where('claim_key', 'is', null)
      .executeTakeFirst();
    return affectedRows(result) === 1;
  }

  /**
   * Settle's claim (`claim_key` on an unclaimed `authorized` payment in `currency`) returning the
   * claimed row, so settling needs no read first. Undefined when the claim did not happen — the
   * payment is missing, claimed, moved on or in another currency — or the dialect has no RETURNING:
   * the caller then reads the row and decides as before.
   */
  async claimAuthorized(id: string, claimKey: string, currency: string): Promise<PaymentRow | undefined> {
    if (!this.supportsReturning) return undefined;
    return this.db
      .updateTable('payments_payments')
      .set({ claim_key: claimKey, updated_at: toIso(this.clock.nowMs()) })
      .where('id', '=', id)
      .where('status', '=', 'authorized')
      .where('claim_key', 'is', null)
      .where('currency', '=', currency)
      .returningAll()
      .executeTakeFirst();
  }

  /** Moves the payment from `from` to `changes.status` (with other columns); false when it had moved on. */
  async move(
    id: string,
    from: PaymentStatus,
    changes: PaymentChanges,
    db: PaymentsDb = this.db,
    guard?: { refundedAmount: number },
  ): Promise<boolean> {
    return (await this.moveAt(id, from, changes, db, guard)) !== undefined;
  }

  /**
   * Moves `row` from its status to `changes.status` and returns it as it now stands, without reading
   * it back. The update is conditional on the status we hold and rewrites `updated_at`; while a
   * payment stays in one status the rest of what `toPayment` shows does not change (a claim or a
   * hold expiry touches only `claim_key` / `hold_expires_at`, which callers do not rely on here).
   * Undefined when the payment had moved on meanwhile: read it then.
   */
  async advance(
    row: PaymentRow,
    changes: Partial<PaymentRow> & { status: PaymentStatus },
    db: PaymentsDb = this.db,
  ): Promise<PaymentRow | undefined> {
    const updatedAt = await this.moveAt(row.id, row.status, changes, db);
    return updatedAt === undefined ? undefined : { ...row, ...changes, updated_at: updatedAt };
  }

  /**
   * advance's update, unexecuted, for a caller that sends it together with other writes: `moved` is
   * the row as advance would return it, valid only when the update changed one row.
   */
  advanceQuery(
    row: PaymentRow,
    changes: Partial<PaymentRow> & { status: PaymentStatus },
    db: PaymentsDb = this.db,
  ) {
    const updatedAt = toIso(this.clock.nowMs());
    return {
      query: this.moveQuery(row.id, row.status, changes, db, updatedAt),
      moved: { ...row, ...changes, updated_at: updatedAt } as PaymentRow,
    };
  }

  /** The conditional status update; its `updated_at` when it moved the payment. */
  private async moveAt(
    id: string,
    from: PaymentStatus,
    changes: PaymentChanges,
    db: PaymentsDb,
    guard?: { refundedAmount: number },
  ): Promise<string | undefined> {
    const updatedAt = toIso(this.clock.nowMs());
    const q = this.moveQuery(id, from, changes, db, updatedAt, guard);
    return affectedRows(await q.executeTakeFirst()) === 1 ? updatedAt : undefined;
  }

  private moveQuery(
    id: string,
    from: PaymentStatus,
    changes: PaymentChanges,
    db: PaymentsDb,
    updatedAt: string,
    guard?: { refundedAmount: number },
  ) {
    let q = db
      .updateTable('payments_payments')
      .set({ ...changes, updated_at: updatedAt })
      .where('id', '=', id)
      .where('status', '=', from);
    if (guard) q = q.where('refunded_amount', '=', guard.refundedAmount);
    return q;
  }

  /** Marks a hold as expired (a processor said so), so settling goes straight to an off-session charge. */
  async expireHold(authorizationId: string): Promise<number> {
    const now = toIso(this.clock.nowMs());
    const result = await this.db
      .updateTable('payments_payments')
      .set({ hold_expires_at: now, updated_at: now })
      .where('authorization_id', '=', authorizationId)
      .where('status', '=', 'authorized')
      .executeTakeFirst();
    return affectedRows(result);
  }
}
