/**
 * The idempotency table, owned by the kernel. One row per (scope, key): the first request's
 * fingerprint, whether it is still running, and the response to replay. Timestamps are ISO-8601 UTC text.
 */
export type IdempotencyState = 'in_progress' | 'completed';

export interface IdempotencyKeyTable {
  /** Who the key belongs to, e.g. `POST /v1/rentals:rdr_…`; a key means something only per caller. */
  scope: string;
  /** The client's Idempotency-Key (1–255 printable ASCII characters). */
  key: string;
  /** sha256 of method + route + canonical request; a different hash under the same key is refused. */
  request_hash: string;
  state: IdempotencyState;
  /** Random token of the run that holds the key; only that run may record the response. */
  lock_token: string | null;
  /** Until when the running holder is presumed alive; after it, another caller may take over. */
  locked_until: string | null;
  response_status: number | null;
  /** JSON text of the response body (successful responses). */
  response_body: string | null;
  /** JSON text `{ code, message, details }` of a stored 4xx AppError, replayed as the same problem. */
  response_error: string | null;
  created_at: string;
  expires_at: string;
}

export interface IdempotencyTables {
  kernel_idempotency_keys: IdempotencyKeyTable;
}
