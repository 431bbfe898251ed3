import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../kernel/db/index.js';
import type { PriceBreakdown } from '../pricing/index.js';
import type { Receipt, ReceiptPricing } from './payments.contract.js';
import type { PaymentsTables, ReceiptTable } from './payments.tables.js';

export interface StoredReceipt extends Receipt {
  pricing: ReceiptPricing | null;
}

export function toReceipt(row: Selectable<ReceiptTable>): StoredReceipt {
  return {
    id: row.id,
    riderId: row.rider_id,
    paymentId: row.payment_id,
    reference: row.reference,
    currency: row.currency,
    breakdown: JSON.parse(row.breakdown) as PriceBreakdown,
    context: JSON.parse(row.context) as Record<string, string | number>,
    issuedAt: row.issued_at,
    pricing: row.pricing === null ? null : (JSON.parse(row.pricing) as ReceiptPricing),
  };
}

/** Receipts (`payments_receipts`): one per settled payment, written in settle's transaction. */
export class ReceiptsRepository {
  private readonly db: Kysely<PaymentsTables>;

  constructor(database: Database) {
    this.db = database.db as Kysely<PaymentsTables>;
  }

  async insert(db: Kysely<PaymentsTables>, receipt: StoredReceipt): Promise<void> {
    await this.insertQuery(db, receipt).execute();
  }

  /** insert's statement, unexecuted, to send together with the payment's move. */
  insertQuery(db: Kysely<PaymentsTables>, receipt: StoredReceipt) {
    return db.insertInto('payments_receipts').values({
      id: receipt.id,
      rider_id: receipt.riderId,
      payment_id: receipt.paymentId,
      reference: receipt.reference,
      currency: receipt.currency,
      breakdown: JSON.stringify(receipt.breakdown),
      context: JSON.stringify(receipt.context),
      pricing: receipt.pricing === null ? null : JSON.stringify(receipt.pricing),
      issued_at: receipt.issuedAt,
    });
  }

  async byPayment(paymentId: string): Promise<StoredReceipt | undefined> {
    const row = await this.db
      .selectFrom('payments_receipts')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .executeTakeFirst();
    return row && toReceipt(row);
  }

  /** One of the rider's receipts; another rider's is undefined. */
  async find(riderId: string, receiptId: string): Promise<StoredReceipt | undefined> {
    const row = await this.db
      .selectFrom('payments_receipts')
      .selectAll()
      .where('id', '=', receiptId)
      .where('rider_id', '=', riderId)
      .executeTakeFirst();
    return row && toReceipt(row);
  }

  /** The rider's receipts, newest first. */
  async listForRider(riderId: string, limit = 50): Promise<StoredReceipt[]> {
    const rows = await this.db
      .selectFrom('payments_receipts')
      .selectAll()
      .where('rider_id', '=', riderId)
      .orderBy('issued_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toReceipt);
  }
}
