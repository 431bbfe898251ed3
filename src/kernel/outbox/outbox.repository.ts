import type { Kysely, Updateable } from 'kysely';
import { toIso } from '../clock.js';
import { retryOnTransientConflict } from '../db/capabilities.js';
import { affectedRows, type Database } from '../db/index.js';
import type { OutboxTable, OutboxTables } from './outbox.tables.js';

/**
 * The relay's queries on `kernel_outbox`. Claiming is portable: pick due rows, then take them with an
 * UPDATE that re-checks "unclaimed or lease lapsed" — PostgreSQL and InnoDB re-evaluate that condition
 * on the latest row version, SQLite has one writer — so two relays never hold the same event.
 */
export class OutboxRepository {
  private readonly db: Kysely<OutboxTables>;

  constructor(database: Database) {
    this.db = database.db as Kysely<OutboxTables>;
  }

  /** Claims up to `limit` due events of the topics for `leaseMs` under `token`, in order of id. */
  async claim(
    topics: readonly string[],
    nowMs: number,
    leaseMs: number,
    limit: number,
    token: string,
  ): Promise<{ rows: OutboxTable[]; contended: boolean }> {
    if (topics.length === 0) return { rows: [], contended: false };
    const now = toIso(nowMs);
    const candidates = await this.db
      .selectFrom('kernel_outbox')
      .select('id')
      .where('delivered_at', 'is', null)
      .where('available_at', '<=', now)
      .where('topic', 'in', topics)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    if (candidates.length === 0) return { rows: [], contended: false };
    await retryOnTransientConflict(() =>
      this.db
        .updateTable('kernel_outbox')
        .set({ claim_token: token, claimed_until: toIso(nowMs + leaseMs) })
        .where(
          'id',
          'in',
          candidates.map((c) => c.id),
        )
        .where('delivered_at', 'is', null)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
        .execute(),
    );
    const rows = await this.db
      .selectFrom('kernel_outbox')
      .selectAll()
      .where('claim_token', '=', token)
      .where('delivered_at', 'is', null)
      .orderBy('id')
      .execute();
    // Due events existed but another relay took them all: there may be more behind them.
    return { rows, contended: rows.length === 0 };
  }

  /** Marks a claimed event delivered; false when the claim was lost (lease lapsed and taken). */
  markDelivered(id: string, token: string, nowMs: number, handledBy: string[]): Promise<boolean> {
    return this.releaseClaim(id, token, {
      delivered_at: toIso(nowMs),
      handled_by: JSON.stringify(handledBy),
    });
  }

  /** Records a failed attempt and when to try again; the handlers that succeeded are kept. */
  markFailed(
    id: string,
    token: string,
    attempts: number,
    retryAtMs: number,
    error: string,
    handledBy: string[],
  ): Promise<boolean> {
    return this.releaseClaim(id, token, {
      attempts,
      available_at: toIso(retryAtMs),
      last_error: error.slice(0, 1000),
      handled_by: JSON.stringify(handledBy),
    });
  }

  /** Ends a claim with `changes`, only while `token` still holds it; false when the claim was lost. */
  private async releaseClaim(id: string, token: string, changes: Updateable<OutboxTable>): Promise<boolean> {
    const result = await retryOnTransientConflict(() =>
      this.db
        .updateTable('kernel_outbox')
        .set({ ...changes, claim_token: null, claimed_until: null })
        .where('id', '=', id)
        .where('claim_token', '=', token)
        .executeTakeFirst(),
    );
    return affectedRows(result) === 1;
  }

  /** Deletes events delivered before `beforeMs`; returns how many. */
  async purgeDelivered(beforeMs: number): Promise<number> {
    const result = await this.db
      .deleteFrom('kernel_outbox')
      .where('delivered_at', 'is not', null)
      .where('delivered_at', '<', toIso(beforeMs))
      .executeTakeFirst();
    return affectedRows(result);
  }
}
