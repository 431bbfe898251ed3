import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { FleetEvents, FleetModule, FleetUnit } from '../../modules/fleet/index.js';
import type { GatewayCounters, RejectReason } from '../gateway.stats.js';
import type { PresenceService } from '../presence/presence.service.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { InboundKind, InboundMessages } from '../protocol/index.js';

/** What the dispatcher knows about a message by the time a handler sees it. */
export interface InboundContext {
  stationId: string;
  receivedAtMs: number;
  /** The station's `ts` corrected by its learnt clock offset and never later than receivedAtMs. */
  stationAtMs: number;
  clockOffsetMs: number;
}

export interface MessageHandler<K extends InboundKind> {
  /**
   * How duplicates are caught before apply: `log` = the message log's unique key (durable, shared by
   * every gateway process), `memory` = recently seen ids in this process (heartbeats, which are never
   * written one by one), `none` = applying twice is harmless (status).
   */
  readonly dedup: 'log' | 'memory' | 'none';
  /**
   * `unit` is given to `log` handlers: the transaction that holds the message's dedup key. Writing in it
   * makes the key and the effects commit together (or neither); events queued on it wait for the commit.
   */
  apply(message: InboundMessages[K], ctx: InboundContext, unit?: FleetUnit): Promise<void>;
  /**
   * The same effects as `apply`, synchronously, for a handler that touches only memory: the
   * dispatcher's fast path calls it for most of all traffic, with no promise or microtask per message.
   */
  applyNow?(message: InboundMessages[K], ctx: InboundContext): void;
}

/** Thrown by a handler for a well-formed message that refers to something it may not touch. */
export class MessageRejected extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRejected';
  }
}

export interface HandlerDeps {
  fleet: FleetModule;
  bus: EventBus<FleetEvents>;
  presence: PresenceService;
  tracker: PresenceTracker;
  counters: GatewayCounters;
  logger: Logger;
}

export type Handlers = { [K in InboundKind]: MessageHandler<K> };
