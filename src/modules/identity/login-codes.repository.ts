import { sql, type Kysely, type Selectable } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import { affectedRows, type Database } from '../../kernel/db/index.js';
import type { IdentityTables, LoginCodeTable } from './identity.tables.js';

export type LoginCodeRow = Selectable<LoginCodeTable>;

/** One-time login codes, stored only as hashes. The only code that touches identity_login_codes. */
export class LoginCodesRepository {
  private readonly db: Kysely<IdentityTables>;

  constructor(database: Database) {
    this.db = database.db as Kysely<IdentityTables>;
  }

  /** Codes issued to the destination after the instant, and when the oldest of them was issued. */
  async issuedSince(destination: string, sinceMs: number): Promise<{ count: number; oldestAt?: string }> {
    const row = await this.db
      .selectFrom('identity_login_codes')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('created_at').as('oldest')])
      .where('destination', '=', destination)
      .where('created_at', '>', toIso(sinceMs))
      .executeTakeFirst();
    const count = Number(row?.n ?? 0);
    return row?.oldest ? { count, oldestAt: row.oldest } : { count };
  }

  async insert(row: LoginCodeRow): Promise<void> {
    await this.db.insertInto('identity_login_codes').values(row).execute();
  }

  /** The most recently issued code for the destination: only the newest code can sign in. */
  async newest(destination: string): Promise<LoginCodeRow | undefined> {
    return this.db
      .selectFrom('identity_login_codes')
      .selectAll()
      .where('destination', '=', destination)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Marks the code used, if it still is usable. The condition in the UPDATE makes single use hold
   * under concurrency: of two requests presenting the same code, exactly one changes the row.
   */
  async consume(id: string, maxAttempts: number, nowMs: number): Promise<boolean> {
    const now = toIso(nowMs);
    const result = await this.db
      .updateTable('identity_login_codes')
      .set({ consumed_at: now })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .where('attempts', '<', maxAttempts)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return affectedRows(result) === 1;
  }

  /** Counts a wrong guess atomically; returns the attempts now recorded (undefined if the code was used meanwhile). */
  async recordWrongAttempt(id: string): Promise<number | undefined> {
    await this.db
      .updateTable('identity_login_codes')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .execute();
    const row = await this.db
      .selectFrom('identity_login_codes')
      .select(['attempts', 'consumed_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && row.consumed_at === null ? Number(row.attempts) : undefined;
  }

  /** Erasure: the codes sent to a rider's addresses name the rider, so they go. */
  async deleteFor(db: Kysely<IdentityTables>, destinations: string[]): Promise<void> {
    if (destinations.length === 0) return;
    await db.deleteFrom('identity_login_codes').where('destination', 'in', destinations).execute();
  }
}
