/**
 * The transactional outbox, owned by the kernel: events written in the same transaction as the state
 * change they announce, delivered after commit by OutboxRelay. Timestamps are ISO-8601 UTC text.
 */
export interface OutboxTable {
  /** Prefixed ULID: sorts by creation, so delivery follows the order events were written. */
  id: string;
  topic: string;
  /** JSON text */
  payload: string;
  created_at: string;
  /** Not delivered before this time: now when written, later after a failed attempt (backoff). */
  available_at: string;
  attempts: number;
  delivered_at: string | null;
  last_error: string | null;
  /** JSON array of the handler names that already succeeded, so a retry runs only the ones that failed. */
  handled_by: string;
  /** Random token of the relay batch that holds the event; only that batch may mark it. */
  claim_token: string | null;
  /** The holder's lease: after it, another relay may claim the event (its holder crashed). */
  claimed_until: string | null;
}

export interface OutboxTables {
  kernel_outbox: OutboxTable;
}
