import type { Kysely, Selectable } from 'kysely';
import { type Database } from '../../../../kernel/db/index.js';
import type { PaymentsTables, SandboxObjectTable } from '../../payments.tables.js';

export type SandboxObject = Selectable<SandboxObjectTable>;
type Trx = Kysely<PaymentsTables>;

/**
 * The sandbox processor's book: one row per object it keeps (customers, cards, authorisations,
 * charges, refunds, cancellations). A row created by an idempotent call carries that call's key, so
 * a repeated call finds and returns it instead of acting twice.
 */
export class SandboxStore {
  private readonly db: Kysely<PaymentsTables>;

  constructor(private readonly database: Database) {
    this.db = database.db as Kysely<PaymentsTables>;
  }

  async get(id: string): Promise<SandboxObject | undefined> {
    return this.db.selectFrom('payments_sandbox_objects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byKey(key: string): Promise<SandboxObject | undefined> {
    return this.db
      .selectFrom('payments_sandbox_objects')
      .selectAll()
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /**
   * Returns the object made by `key`, or runs `create` in a transaction to make it. Two concurrent
   * calls with one key both end with the same object: the loser fails (its insert hits the unique
   * key, or its conditional update finds the winner's change), rolls back and reads the winner's row.
   */
  async once(key: string, create: (trx: Trx) => Promise<SandboxObject>): Promise<SandboxObject> {
    const existing = await this.byKey(key);
    if (existing) return existing;
    try {
      return await this.database.transaction((trx) => create(trx as Trx));
    } catch (err) {
      const winner = await this.byKey(key);
      if (!winner) throw err;
      return winner;
    }
  }

  async insert(trx: Trx, row: SandboxObject): Promise<SandboxObject> {
    await trx.insertInto('payments_sandbox_objects').values(row).execute();
    return row;
  }
}
