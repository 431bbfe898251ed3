import type { Kysely, QueryResult } from 'kysely';
import type { Read, TogetherQuery } from '../../kernel/db/index.js';
import type { Money } from '../../kernel/money/index.js';
import type { PriceBreakdown } from '../pricing/index.js';

/**
 * What the rentals module relies on from payments. Every method that moves money takes an
 * idempotency key: calling it again with the same key returns the first outcome and moves nothing.
 * Failures are AppErrors with stable codes: PAYMENT_NO_CARD (402), PAYMENT_DECLINED (402),
 * PAYMENT_INSUFFICIENT_FUNDS (402), PAYMENT_AUTHENTICATION_REQUIRED (402), PAYMENT_NOT_FOUND (404).
 */

export type PaymentStatus =
  | 'pending'
  | 'requires_action'
  | 'authorized'
  | 'captured'
  | 'partially_refunded'
  | 'refunded'
  | 'released'
  | 'failed';

export interface Payment {
  id: string;
  riderId: string;
  status: PaymentStatus;
  /** What the hold was placed for. */
  authorized: Money;
  /** What was finally taken (hold capture plus any off-session charge). */
  captured: Money;
  refunded: Money;
  /** The business object paid for, e.g. `rental:rnt_…`. */
  reference: string;
  cardId: string | null;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Receipt {
  id: string;
  riderId: string;
  paymentId: string;
  reference: string;
  currency: string;
  breakdown: PriceBreakdown;
  /** Free-form facts printed on the receipt (stations, times, duration), set by the caller. */
  context: Record<string, string | number>;
  issuedAt: string;
}

/** Tariff facts a receipt prints when the caller knows them ("Usage (3 × 30 min)", "VAT 20%"). */
export interface ReceiptPricing {
  periodMinutes?: number;
  taxRateBasisPoints?: number;
  /** ISO 3166-1 alpha-2 of the region that taxed it: US receipts say "Sales tax". */
  country?: string;
  /** `rental` (default) or `purchase` (a power bank that was never returned). */
  kind?: 'rental' | 'purchase';
}

export interface SettleInput {
  paymentId: string;
  /** The priced rental; `breakdown.gross` is taken, net and tax go to the ledger. Zero releases the hold. */
  breakdown: PriceBreakdown;
  context: Record<string, string | number>;
  idempotencyKey: string;
  /** Optional: lets the receipt name the period length and the tax rate. */
  pricing?: ReceiptPricing;
  /**
   * The caller's own writes that go with recording the outcome (the rental's move to ended), committed
   * in the same transaction; given what was recorded. They run only when this call records the
   * outcome (not on a replay or a zero price): then `alongside` in the answer holds their results.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the caller's own tables
  alongside?: (recorded: SettleRecorded, db: Kysely<any>) => readonly TogetherQuery[];
}

/** What settle recorded, for SettleInput.alongside. */
export interface SettleRecorded {
  status: 'captured' | 'failed';
  receiptId: string | null;
  failureCode: string | null;
}

/** What settle answers; `alongside` when SettleInput.alongside's writes ran (their results, in order). */
export interface Settled {
  payment: Payment;
  receipt: Receipt | null;
  alongside?: QueryResult<unknown>[];
}

/** Who pays a hold: the rider's default card (with the processor customer), as payerRead read it. */
export interface Payer {
  readonly card: { readonly id: string };
}

/** The payments service the rentals flow calls. */
export interface RentalPayments {
  /** The rider's default saved card id, or undefined when the rider has none. */
  defaultCardId(riderId: string): Promise<string | undefined>;
  /** The rider's default card as a Read (undefined: no card), to read together with other modules. */
  payerRead(riderId: string): Read<Payer | undefined>;
  /**
   * Places a hold (manual-capture authorisation) on the rider's default card; `payer`, when the caller
   * has just read it with payerRead, saves reading it again.
   */
  authorizeHold(input: {
    riderId: string;
    amount: Money;
    reference: string;
    idempotencyKey: string;
    payer?: Payer;
  }): Promise<Payment>;
  /** Releases a hold that was not captured; releasing twice, or a failed payment, is a no-op. */
  releaseHold(paymentId: string, idempotencyKey: string): Promise<Payment>;
  /**
   * Takes `breakdown.gross`: captures up to the hold, charges any excess (or everything, when the hold
   * expired) off-session, writes the ledger and issues the receipt — all once per idempotency key.
   */
  settle(input: SettleInput): Promise<Settled>;
  get(paymentId: string): Promise<Payment | undefined>;
  /** The payment made for a business object (`rental:rnt_…`), if one was started. */
  findByReference(reference: string): Promise<Payment | undefined>;
}
