import type { Kysely } from 'kysely';
import { toIso, type Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { newId } from '../ids.js';
import type { OutboxTables } from './outbox.tables.js';

/** Topic → payload type. A module's event map, or the union of several, e.g. `FleetEvents & RentalEvents`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event maps are interfaces, which lack index signatures
export type TopicMap = { [topic: string]: any };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any module's transaction handle
type AnyTransaction = Kysely<any>;

/**
 * Writes events into `kernel_outbox` inside the caller's transaction, so an event exists exactly when
 * the state change it announces was committed. Delivery is OutboxRelay's job; `committed()` tells the
 * relays of this process to deliver now rather than at their next poll.
 */
export class Outbox<Topics extends TopicMap = TopicMap> {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  /** Adds an event to the transaction `trx`; returns its id. Rolled back with it if the transaction fails. */
  async enqueue<K extends keyof Topics & string>(
    trx: AnyTransaction,
    topic: K,
    payload: Topics[K],
  ): Promise<string> {
    const nowMs = this.clock.nowMs();
    const id = newId('event', nowMs);
    const at = toIso(nowMs);
    await (trx as Kysely<OutboxTables>)
      .insertInto('kernel_outbox')
      .values({
        id,
        topic,
        payload: JSON.stringify(payload) ?? 'null',
        created_at: at,
        available_at: at,
        attempts: 0,
        delivered_at: null,
        last_error: null,
        handled_by: '[]',
        claim_token: null,
        claimed_until: null,
      })
      .execute();
    return id;
  }

  /** Call after a transaction that enqueued events has committed: wakes this process's relays. */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Runs `work` in a transaction and, once it has committed, wakes the relays. */
  async transaction<T>(database: Database, work: (trx: AnyTransaction) => Promise<T>): Promise<T> {
    const result = await database.transaction(work);
    this.committed();
    return result;
  }

  /** Subscribes to `committed()`; returns the function that unsubscribes. Used by OutboxRelay. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
