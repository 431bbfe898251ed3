import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { Outbox, TopicMap } from './outbox.js';
import { OutboxRepository } from './outbox.repository.js';
import type { OutboxTable } from './outbox.tables.js';

/** An event as a handler sees it. `attempts` counts earlier failed deliveries. */
export interface OutboxEvent<P = unknown> {
  id: string;
  topic: string;
  payload: P;
  createdAt: string;
  attempts: number;
}

/** Handlers are called at least once per event, so they must be idempotent (e.g. keyed on event.id). */
export type OutboxHandler<P = unknown> = (event: OutboxEvent<P>) => Promise<void> | void;

export interface OutboxRelayOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Wake this relay whenever the outbox reports a commit (in-process latency in milliseconds). */
  outbox?: Outbox;
  /** Called after an event is marked delivered to all its handlers. */
  onDelivered?: (event: OutboxEvent) => void;
  /** Events claimed per round trip. */
  batchSize?: number;
  /** How long a claimed event is reserved for this relay; after it another relay re-delivers. */
  leaseMs?: number;
  /** Backoff after a failure: retryBaseMs × 2^(attempts − 1), at most retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

interface NamedHandler {
  name: string;
  handle: OutboxHandler;
}

/**
 * Delivers committed outbox events to the handlers registered per topic: in order of id, at least
 * once, each handler until it succeeds (failed handlers are retried with backoff; the ones that
 * succeeded are not called again). Safe with several relays on one database — events are claimed
 * with a lease. Every relay on a database must register the same handlers: the first relay to claim
 * an event delivers it to the handlers it knows.
 */
export class OutboxRelay<Topics extends TopicMap = TopicMap> {
  private readonly repository: OutboxRepository;
  private readonly handlers = new Map<string, NamedHandler[]>();
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.repository = new OutboxRepository(options.database);
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 60 * 60 * 1000;
    this.unsubscribe = options.outbox?.onCommitted(() => this.kick());
  }

  /** Registers a handler for a topic; `name` must be stable across restarts (it records who succeeded). */
  on<K extends keyof Topics & string>(topic: K, name: string, handler: OutboxHandler<Topics[K]>): this {
    const list = this.handlers.get(topic) ?? [];
    if (list.some((h) => h.name === name))
      throw new Error(`Outbox handler ${name} is already registered for ${topic}`);
    list.push({ name, handle: handler as OutboxHandler });
    this.handlers.set(topic, list);
    return this;
  }

  /** Delivers what is due now, in the background; coalesces with a delivery already running. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.options.logger.error({ err }, 'outbox delivery failed');
      } finally {
        this.running = undefined;
      }
    })();
  }

  /** Delivers due events until none is left; resolves with how many were delivered. */
  async drain(): Promise<number> {
    let delivered = 0;
    let lostRaces = 0;
    while (!this.stopped) {
      const token = randomBytes(16).toString('hex');
      const { rows, contended } = await this.repository.claim(
        [...this.handlers.keys()],
        this.options.clock.nowMs(),
        this.leaseMs,
        this.batchSize,
        token,
      );
      if (rows.length === 0) {
        // Another relay took the batch we saw; look again (a few times) for the events behind it.
        if (contended && ++lostRaces < 5) continue;
        break;
      }
      lostRaces = 0;
      for (const row of rows) {
        if (this.stopped) break;
        if (await this.deliver(row, token)) delivered++;
      }
    }
    return delivered;
  }

  /** Polls every intervalMs for events no kick announced: other processes' commits, retries, leftovers after a crash. */
  start(intervalMs: number): void {
    this.stopped = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops polling and writes nothing more; resolves when the delivery in flight has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    await this.running;
  }

  /** Deletes events delivered before `beforeMs` (a worker job); returns how many. */
  purgeDelivered(beforeMs: number): Promise<number> {
    return this.repository.purgeDelivered(beforeMs);
  }

  private async deliver(row: OutboxTable, token: string): Promise<boolean> {
    const event: OutboxEvent = {
      id: row.id,
      topic: row.topic,
      payload: JSON.parse(row.payload) as unknown,
      createdAt: row.created_at,
      attempts: row.attempts,
    };
    const handled = new Set(JSON.parse(row.handled_by) as string[]);
    let failure: unknown;
    for (const handler of this.handlers.get(row.topic) ?? []) {
      if (handled.has(handler.name)) continue;
      try {
        await handler.handle(event);
        handled.add(handler.name);
      } catch (err) {
        failure ??= err;
        this.options.logger.warn(
          { err, eventId: row.id, topic: row.topic, handler: handler.name, attempts: row.attempts + 1 },
          'outbox handler failed; will retry',
        );
      }
    }
    // A stopped relay behaves like a crashed process: no more writes; the lease lets another relay redo it.
    if (this.stopped) return false;
    const nowMs = this.options.clock.nowMs();
    if (failure === undefined) {
      const marked = await this.repository.markDelivered(row.id, token, nowMs, [...handled]);
      if (marked) this.options.onDelivered?.(event);
      return marked;
    }
    const attempts = row.attempts + 1;
    const backoff = Math.min(this.retryBaseMs * 2 ** Math.min(attempts - 1, 30), this.retryMaxMs);
    const message = failure instanceof Error ? failure.message : String(failure);
    await this.repository.markFailed(row.id, token, attempts, nowMs + backoff, message, [...handled]);
    return false;
  }
}
