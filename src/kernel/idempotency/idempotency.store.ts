import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toIso, type Clock } from '../clock.js';
import { retryOnTransientConflict as retryTransient } from '../db/capabilities.js';
import { affectedRows, insertIgnoringDuplicates, type Database } from '../db/index.js';
import { isAppError } from '../errors.js';
import { ReplayedError, idempotencyKeyInUse, idempotencyKeyReused } from './idempotency.errors.js';
import type { IdempotencyKeyTable, IdempotencyTables } from './idempotency.tables.js';

/** What a keyed operation answers: an HTTP status and a JSON-serialisable body. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
}

/** The response to send, and whether it is a replay of an earlier request's response. */
export interface IdempotentOutcome extends IdempotentResponse {
  replayed: boolean;
}

export interface IdempotencyStoreOptions {
  /** How long a key and its response are kept (Stripe: 24 h). */
  retentionMs?: number;
  /** How long a running holder is presumed alive; after that another caller takes the key over. */
  lockMs?: number;
  /** How long a concurrent caller with the same request waits for the holder before giving up (409). */
  maxWaitMs?: number;
}

interface StoredError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency keys with Stripe semantics, stored in `kernel_idempotency_keys`. The first caller claims
 * the key (insert-or-detect) and runs the operation; its response — or its 4xx AppError — is stored
 * and replayed to every later caller with the same request. A different request under the same key
 * is refused. A 5xx or unexpected error releases the key so the client may retry. A holder that
 * crashed is taken over once its lock lapses; the lock token keeps the crashed run from writing later.
 */
export class IdempotencyStore {
  private readonly db: Kysely<IdempotencyTables>;
  private readonly retentionMs: number;
  private readonly lockMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    options: IdempotencyStoreOptions = {},
  ) {
    this.db = database.db as Kysely<IdempotencyTables>;
    this.retentionMs = options.retentionMs ?? DAY_MS;
    this.lockMs = options.lockMs ?? 60_000;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
  }

  /**
   * Runs `fn` at most once per (scope, key) and request, answering every caller with the first
   * response. Throws IDEMPOTENCY_KEY_REUSED (422) for a different request under the key, and
   * IDEMPOTENCY_KEY_IN_USE (409) when the holder is still running after `maxWaitMs`.
   */
  async execute(
    scope: string,
    key: string,
    requestHash: string,
    fn: () => Promise<IdempotentResponse>,
  ): Promise<IdempotentOutcome> {
    let waitedMs = 0;
    let pauseMs = 5;
    for (;;) {
      const token = randomBytes(16).toString('hex');
      if (await this.claim(scope, key, requestHash, token)) return this.run(scope, key, token, fn);

      const row = await this.db
        .selectFrom('kernel_idempotency_keys')
        .selectAll()
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst();
      const now = toIso(this.clock.nowMs());
      if (!row) continue; // released (5xx) or purged between our insert and read: claim again
      if (row.expires_at <= now) {
        await this.forget(scope, key, row.expires_at);
        continue;
      }
      if (row.request_hash !== requestHash) throw idempotencyKeyReused();
      if (row.state === 'completed') return replay(row);
      if (row.locked_until !== null && row.locked_until <= now) {
        if (await this.takeOver(scope, key, row.lock_token, token)) return this.run(scope, key, token, fn);
        continue;
      }
      if (waitedMs >= this.maxWaitMs) throw idempotencyKeyInUse();
      // Back off: the holder usually finishes within milliseconds, sometimes within seconds.
      const pause = Math.min(pauseMs, this.maxWaitMs - waitedMs);
      await new Promise((resolve) => setTimeout(resolve, pause));
      waitedMs += pause;
      pauseMs = Math.min(pauseMs * 2, 250);
    }
  }

  /** Deletes keys whose retention ended at or before `nowMs`; returns how many. */
  async purgeExpired(nowMs: number): Promise<number> {
    const result = await this.db
      .deleteFrom('kernel_idempotency_keys')
      .where('expires_at', '<=', toIso(nowMs))
      .executeTakeFirst();
    return affectedRows(result);
  }

  private async claim(scope: string, key: string, requestHash: string, token: string): Promise<boolean> {
    const nowMs = this.clock.nowMs();
    const result = await retryTransient(() =>
      insertIgnoringDuplicates(
        this.database.dialect,
        this.db.insertInto('kernel_idempotency_keys').values({
          scope,
          key,
          request_hash: requestHash,
          state: 'in_progress',
          lock_token: token,
          locked_until: toIso(nowMs + this.lockMs),
          response_status: null,
          response_body: null,
          response_error: null,
          created_at: toIso(nowMs),
          expires_at: toIso(nowMs + this.retentionMs),
        }),
      ).executeTakeFirst(),
    );
    return affectedRows(result) === 1;
  }

  private async takeOver(
    scope: string,
    key: string,
    oldToken: string | null,
    token: string,
  ): Promise<boolean> {
    const nowMs = this.clock.nowMs();
    const result = await retryTransient(() =>
      this.db
        .updateTable('kernel_idempotency_keys')
        .set({ lock_token: token, locked_until: toIso(nowMs + this.lockMs) })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'in_progress')
        .where('lock_token', oldToken === null ? 'is' : '=', oldToken)
        .executeTakeFirst(),
    );
    return affectedRows(result) === 1;
  }

  private async run(
    scope: string,
    key: string,
    token: string,
    fn: () => Promise<IdempotentResponse>,
  ): Promise<IdempotentOutcome> {
    let response: IdempotentResponse;
    try {
      response = await fn();
    } catch (err) {
      if (isAppError(err) && err.status < 500) {
        const stored: StoredError = { code: err.code, message: err.message };
        if (err.details !== undefined) stored.details = err.details;
        await this.complete(scope, key, token, err.status, null, JSON.stringify(stored));
      } else {
        // A server-side failure says nothing about the request: free the key so a retry runs again.
        await retryTransient(() =>
          this.db
            .deleteFrom('kernel_idempotency_keys')
            .where('scope', '=', scope)
            .where('key', '=', key)
            .where('lock_token', '=', token)
            .execute(),
        );
      }
      throw err;
    }
    // The first caller gets the stored form too, so its bytes equal every replay's.
    const bodyJson = JSON.stringify(response.body) ?? 'null';
    await this.complete(scope, key, token, response.status, bodyJson, null);
    return { status: response.status, body: JSON.parse(bodyJson) as unknown, replayed: false };
  }

  private async complete(
    scope: string,
    key: string,
    token: string,
    status: number,
    body: string | null,
    error: string | null,
  ): Promise<void> {
    // Only the run holding the lock token records; a holder that was taken over writes nothing.
    await retryTransient(() =>
      this.db
        .updateTable('kernel_idempotency_keys')
        .set({
          state: 'completed',
          lock_token: null,
          locked_until: null,
          response_status: status,
          response_body: body,
          response_error: error,
        })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('lock_token', '=', token)
        .execute(),
    );
  }

  private async forget(scope: string, key: string, expiresAt: string): Promise<void> {
    await retryTransient(() =>
      this.db
        .deleteFrom('kernel_idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('expires_at', '=', expiresAt)
        .execute(),
    );
  }
}

function replay(row: IdempotencyKeyTable): IdempotentOutcome {
  const status = row.response_status ?? 200;
  if (row.response_error !== null) {
    const e = JSON.parse(row.response_error) as StoredError;
    throw new ReplayedError(e.code, e.message, status, e.details);
  }
  return { status, body: JSON.parse(row.response_body ?? 'null') as unknown, replayed: true };
}
