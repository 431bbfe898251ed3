import type { PaymentStatus } from './payments.contract.js';

/**
 * The payments module's tables. Only payments repositories query them. Portable types: prefixed
 * ULID text ids, integer minor units, ISO-8601 UTC text, 0/1 booleans, JSON as text.
 */

export interface PaymentTable {
  id: string;
  rider_id: string;
  status: PaymentStatus;
  currency: string;
  authorized_amount: number;
  captured_amount: number;
  /** The part of captured_amount that is tax (reversed proportionally by refunds). */
  captured_tax: number;
  refunded_amount: number;
  /** Owed but not collected: an off-session charge was declined (status failed). */
  amount_due: number;
  reference: string;
  card_id: string | null;
  provider: string;
  customer_id: string | null;
  payment_method_id: string | null;
  authorization_id: string | null;
  hold_expires_at: string | null;
  /** JSON: [{ id, amount }] — the processor charges money was taken by, in order (refunds fill them in order). */
  charges: string;
  failure_code: string | null;
  /** The caller's authorizeHold key; unique, so a retried authorisation finds its payment. */
  authorize_key: string;
  /** `settle:<key>` or `release:<key>`: which operation owns the hold; set once, conditionally. */
  claim_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerTable {
  rider_id: string;
  provider: string;
  customer_id: string;
  created_at: string;
}

export interface CardTable {
  id: string;
  rider_id: string;
  provider: string;
  payment_method_id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  /** 0/1 */
  is_default: number;
  created_at: string;
  removed_at: string | null;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface RefundTable {
  id: string;
  payment_id: string;
  amount: number;
  tax: number;
  currency: string;
  reason: string;
  idempotency_key: string;
  status: RefundStatus;
  /** JSON: processor refund ids */
  provider_refund_ids: string;
  created_at: string;
  updated_at: string;
}

export interface LedgerEntryTable {
  id: string;
  group_id: string;
  /** capture | charge | refund */
  kind: string;
  payment_id: string;
  refund_id: string | null;
  account: string;
  currency: string;
  /** Signed minor units: debits positive, credits negative; every group sums to zero. */
  amount: number;
  created_at: string;
}

export interface ReceiptTable {
  id: string;
  rider_id: string;
  payment_id: string;
  reference: string;
  currency: string;
  /** JSON PriceBreakdown */
  breakdown: string;
  /** JSON */
  context: string;
  /** JSON ReceiptPricing or null */
  pricing: string | null;
  issued_at: string;
}

/** The sandbox processor's own state (it plays a remote processor, so it keeps its books apart). */
export interface SandboxObjectTable {
  id: string;
  /** customer | card | authorization | charge | refund | cancel */
  kind: string;
  status: string;
  customer_id: string | null;
  /** The authorisation a capture came from, the charge a refund is for. */
  parent_id: string | null;
  amount: number;
  currency: string | null;
  /** Captured of an authorisation, refunded of a charge. */
  consumed: number;
  /** `<operation>:<key>`; unique: the same key returns the same object. */
  idempotency_key: string | null;
  /** JSON: card facts, decline code, hold expiry */
  data: string;
  created_at: string;
  updated_at: string;
}

export interface PaymentsTables {
  payments_payments: PaymentTable;
  payments_customers: CustomerTable;
  payments_cards: CardTable;
  payments_refunds: RefundTable;
  payments_ledger_entries: LedgerEntryTable;
  payments_receipts: ReceiptTable;
  payments_sandbox_objects: SandboxObjectTable;
}
