import type { Kysely, Selectable } from 'kysely';
import { capabilitiesOf, type Database } from '../../../../kernel/db/index.js';
import type { Money } from '../../../../kernel/money/index.js';
import { retryOnTransientConflict } from '../../../../kernel/db/capabilities.js';
import type { PaymentsTables, SandboxObjectTable } from '../../payments.tables.js';

export type SandboxObject = Selectable<SandboxObjectTable>;
export type SandboxDb = Kysely<PaymentsTables>;

/**
 * The sandbox processor's book: one row per object it keeps (customers, cards, authorisations,
 * charges, refunds, cancellations). A row created by an idempotent call carries that call's key, so
 * a repeated call finds and returns it instead of acting twice.
 */
export class SandboxStore {
  readonly db: SandboxDb;
  private readonly supportsReturning: boolean;

  constructor(private readonly database: Database) {
    this.db = database.db as SandboxDb;
    this.supportsReturning = capabilitiesOf(database.dialect).supportsReturning;
  }

  async get(id: string, db: SandboxDb = this.db): Promise<SandboxObject | undefined> {
    return db.selectFrom('payments_sandbox_objects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byKey(key: string): Promise<SandboxObject | undefined> {
    return this.db
      .selectFrom('payments_sandbox_objects')
      .selectAll()
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /**
   * Returns the object made by `key`: runs `create` optimistically and reads the key's object only
   * when `create` fails. A first call creates; a repeated call (or a concurrent one with the same key)
   * fails — its insert hits the unique key, or a state check or conditional update meets the first
   * call's change — rolls back and gets the first call's object, whatever its own request said. A
   * failure with no object under the key is the call's own error. `atomic` runs `create` in a
   * transaction; a `create` with a single write needs none (one statement is atomic on its own).
   */
  async once(
    key: string,
    create: (db: SandboxDb) => Promise<SandboxObject>,
    options: { atomic: boolean },
  ): Promise<SandboxObject> {
    try {
      return options.atomic
        ? await this.database.transaction((trx) => create(trx as SandboxDb))
        : // A single write outside a transaction can still be chosen as a deadlock victim on InnoDB.
          await retryOnTransientConflict(() => create(this.db));
    } catch (err) {
      const first = await this.byKey(key);
      if (!first) throw err;
      return first;
    }
  }

  /**
   * Captures `amount` of an authorisation in one statement when it is `authorized`, in that currency
   * and covers the amount, returning it as taken. Undefined when the dialect has no RETURNING or the
   * authorisation is not in that state: the caller then reads it and finds out why. The hold's expiry
   * lives in `data`, so the caller still checks it on the returned row.
   */
  async takeHold(
    trx: SandboxDb,
    id: string,
    amount: Money,
    nowIso: string,
  ): Promise<SandboxObject | undefined> {
    if (!this.supportsReturning || amount.amount <= 0) return undefined;
    return trx
      .updateTable('payments_sandbox_objects')
      .set({ status: 'captured', consumed: amount.amount, updated_at: nowIso })
      .where('id', '=', id)
      .where('kind', '=', 'authorization')
      .where('status', '=', 'authorized')
      .where('currency', '=', amount.currency)
      .where('amount', '>=', amount.amount)
      .returningAll()
      .executeTakeFirst();
  }

  async insert(db: SandboxDb, row: SandboxObject): Promise<SandboxObject> {
    await db.insertInto('payments_sandbox_objects').values(row).execute();
    return row;
  }

  /** insert as the last statement of once()'s transaction: on PostgreSQL it goes out with the COMMIT. */
  async insertLast(trx: SandboxDb, row: SandboxObject): Promise<SandboxObject> {
    await this.database.finishTogether(trx, [trx.insertInto('payments_sandbox_objects').values(row)]);
    return row;
  }
}
