import { sql, type Kysely } from 'kysely';
import { toIso, type Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import { money, type Money } from '../../kernel/money/index.js';
import { paymentsId } from './payments.ids.js';
import type { PaymentsTables } from './payments.tables.js';

/** The ledger's accounts: money at the processor, earned revenue (net of tax), tax owed to the state. */
export const LEDGER_ACCOUNTS = ['processor', 'revenue', 'tax_payable'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export interface LedgerLine {
  account: LedgerAccount;
  /** Signed minor units: debits positive, credits negative. */
  amount: number;
}

export interface LedgerGroup {
  kind: 'capture' | 'charge' | 'refund';
  paymentId: string;
  refundId?: string;
  currency: string;
  lines: LedgerLine[];
}

/**
 * Money taken: the processor holds `amount` more (debit); revenue earns its net and the state is owed
 * its tax (credits). A refund is the same group negated.
 */
export function takenLines(amount: number, tax: number): LedgerLine[] {
  return [
    { account: 'processor', amount },
    { account: 'revenue', amount: -(amount - tax) },
    { account: 'tax_payable', amount: -tax },
  ];
}

export function refundedLines(amount: number, tax: number): LedgerLine[] {
  return takenLines(amount, tax).map((l) => ({ account: l.account, amount: -l.amount }));
}

/**
 * The double-entry ledger, per currency: each capture, charge and refund writes one group of entries
 * that sums to zero, in the same transaction as the payment change it records.
 */
export class Ledger {
  private readonly db: Kysely<PaymentsTables>;

  constructor(
    database: Database,
    private readonly clock: Clock,
  ) {
    this.db = database.db as Kysely<PaymentsTables>;
  }

  /** Writes a balanced group (zero lines are left out); an unbalanced group is a bug and throws. */
  async post(db: Kysely<PaymentsTables>, group: LedgerGroup): Promise<void> {
    await this.entriesInsert(db, group)?.execute();
  }

  /** post's insert, unexecuted (undefined when every line is zero); throws when the group does not balance. */
  entriesInsert(db: Kysely<PaymentsTables>, group: LedgerGroup) {
    const total = group.lines.reduce((s, l) => s + l.amount, 0);
    if (total !== 0) throw new Error(`Ledger group for ${group.paymentId} does not balance (${total})`);
    const nowMs = this.clock.nowMs();
    const groupId = paymentsId('ledgerGroup', nowMs);
    const rows = group.lines
      .filter((l) => l.amount !== 0)
      .map((l) => ({
        id: paymentsId('ledgerEntry', nowMs),
        group_id: groupId,
        kind: group.kind,
        payment_id: group.paymentId,
        refund_id: group.refundId ?? null,
        account: l.account,
        currency: group.currency,
        amount: l.amount,
        created_at: toIso(nowMs),
      }));
    return rows.length > 0 ? db.insertInto('payments_ledger_entries').values(rows) : undefined;
  }

  /** The signed balance of an account in a currency (credit accounts such as revenue are negative). */
  async balance(account: LedgerAccount, currency: string): Promise<Money> {
    const row = await this.db
      .selectFrom('payments_ledger_entries')
      .select(sql<string | number | null>`sum(amount)`.as('total'))
      .where('account', '=', account)
      .where('currency', '=', currency)
      .executeTakeFirst();
    return money(Number(row?.total ?? 0), currency);
  }

  /** Sums of every group; each is zero when the books are sound. */
  async groupTotals(): Promise<{ groupId: string; total: number }[]> {
    const rows = await this.db
      .selectFrom('payments_ledger_entries')
      .select(['group_id', sql<string | number>`sum(amount)`.as('total')])
      .groupBy('group_id')
      .execute();
    return rows.map((r) => ({ groupId: r.group_id, total: Number(r.total) }));
  }

  /** Entries of one payment, in writing order. */
  async entriesFor(paymentId: string): Promise<{ kind: string; account: string; amount: number }[]> {
    const rows = await this.db
      .selectFrom('payments_ledger_entries')
      .select(['kind', 'account', 'amount'])
      .where('payment_id', '=', paymentId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ kind: r.kind, account: r.account, amount: Number(r.amount) }));
  }
}
