import type { Clock } from '../kernel/clock.js';
import type { Logger } from '../kernel/logger.js';
import type { FleetModule, FleetUnit, InboundRecord } from '../modules/fleet/index.js';
import type { GatewayCounters, RejectReason } from './gateway.stats.js';
import { MessageRejected, type Handlers, type InboundContext } from './handlers/index.js';
import { RateLimiter } from './log.rate-limit.js';
import { decodeInbound } from './message.decoder.js';
import { ClockOffsetEstimator, correctStationTime } from './presence/clock-offset.estimator.js';
import type { PresenceService } from './presence/presence.service.js';
import type { StationDirectory } from './presence/station.directory.js';
import type { HeartbeatMessage, InboundKind, InboundMessages } from './protocol/index.js';
import type { InboundSink } from './transport/transport.types.js';

export interface DispatcherDeps {
  handlers: Handlers;
  fleet: FleetModule;
  presence: PresenceService;
  directory: StationDirectory;
  counters: GatewayCounters;
  clock: Clock;
  logger: Logger;
  maxPayloadBytes: number;
}

/** Heartbeat ids remembered per station for in-memory dedup (heartbeats are QoS 0: duplicates are rare and recent). */
const RECENT_HEARTBEATS = 4;

/**
 * The gateway's inbound pipeline. Each station's messages are processed in arrival order on their own
 * promise chain while stations run concurrently. A message is decoded and validated, proves the station
 * alive, is deduplicated, has its `ts` corrected, and goes to its kind's handler. Nothing a station sends
 * can throw out of here: every refusal is counted by reason, logged (rate-limited) with the station id
 * and recorded in the message log.
 */
export class GatewayDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly offsets = new ClockOffsetEstimator();
  private readonly recentHeartbeats = new Map<string, string[]>();
  /** Stations with a hello or status queued, and how many: heartbeats wait behind those. */
  private readonly barriers = new Map<string, number>();
  private readonly logLimiter = new RateLimiter(5, 60_000);
  private readonly recordLimiter = new RateLimiter(30, 60_000);
  private queued = 0;
  private accepting = true;

  constructor(private readonly deps: DispatcherDeps) {}

  /**
   * What the transport hands over: raw station messages, and heartbeats it already decoded. Both are
   * synchronous, never throw and only queue. `settled` is called once the message has been handled:
   * at once for a fast-path heartbeat, after its unit for the rest.
   */
  readonly inbound: InboundSink = {
    message: (stationId, kind, payload, settled) => {
      if (!this.accepting) return settled?.();
      this.deps.counters.received++;
      const receivedAtMs = this.deps.clock.nowMs();
      if (kind === 'heartbeat' && !this.barriers.has(stationId)) {
        const decoded = decodeInbound(kind, payload, this.deps.maxPayloadBytes);
        if (decoded.ok && this.heartbeatNow(stationId, decoded.message as HeartbeatMessage, receivedAtMs))
          return settled?.();
      }
      const barrier = kind === 'hello' || kind === 'status';
      if (barrier) this.barriers.set(stationId, (this.barriers.get(stationId) ?? 0) + 1);
      this.enqueue(
        stationId,
        () => this.process(stationId, kind, payload, receivedAtMs),
        barrier ? () => this.passBarrier(stationId, settled) : settled,
      );
    },
    heartbeat: (stationId, message) => {
      if (!this.accepting) return;
      this.deps.counters.received++;
      const receivedAtMs = this.deps.clock.nowMs();
      if (this.heartbeatNow(stationId, message, receivedAtMs)) return;
      this.enqueue(stationId, () =>
        this.applyValid(stationId, 'heartbeat', message, undefined, receivedAtMs),
      );
    },
  };

  /**
   * The fast path for the protocol's dominant traffic: a valid heartbeat from a known, live station
   * touches only memory, so it is handled here and now, with no promise and no database. It may overtake
   * the station's queued inventories, events and results: it changes nothing they read but the clock
   * offset estimate, which moves by a sample. It never overtakes a queued hello or status (a barrier),
   * which reset the offset and the station's connectivity. Anything else (first message, a barrier)
   * returns false for the normal, ordered path.
   */
  private heartbeatNow(stationId: string, message: HeartbeatMessage, receivedAtMs: number): boolean {
    const applyNow = this.deps.handlers.heartbeat.applyNow;
    if (!applyNow || this.barriers.has(stationId)) return false;
    const station = this.deps.directory.cached(stationId);
    if (!station) return false;
    if (!this.deps.presence.liveSignOfLife(stationId, receivedAtMs)) return false;
    if (!this.firstHeartbeat(stationId, message.id)) {
      this.deps.counters.duplicate++;
      return true;
    }
    const ctx = this.context(stationId, 'heartbeat', message, receivedAtMs, station.clockOffsetMs);
    // The heartbeat handler only writes to the in-memory tracker, synchronously.
    try {
      applyNow(message, ctx);
    } catch (err) {
      this.deps.logger.error({ err, stationId }, 'heartbeat could not be applied');
    }
    this.deps.counters.applied++;
    return true;
  }

  /** Messages waiting or in progress. */
  queuedCount(): number {
    return this.queued;
  }

  /** Resolves once every queued message has been processed. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  /** Stops taking new messages; those already queued still run (await idle()). */
  close(): void {
    this.accepting = false;
  }

  private passBarrier(stationId: string, settled?: () => void): void {
    const left = (this.barriers.get(stationId) ?? 1) - 1;
    if (left > 0) this.barriers.set(stationId, left);
    else this.barriers.delete(stationId);
    settled?.();
  }

  private enqueue(stationId: string, work: () => Promise<void>, settled?: () => void): void {
    this.queued++;
    const previous = this.chains.get(stationId) ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(work)
      .catch((err: unknown) =>
        this.deps.logger.error({ err, stationId }, 'station message processing crashed'),
      )
      .then(() => {
        this.queued--;
        if (this.chains.get(stationId) === next) this.chains.delete(stationId);
        settled?.();
      });
    this.chains.set(stationId, next);
  }

  private async process(
    stationId: string,
    kind: string,
    payload: Buffer,
    receivedAtMs: number,
  ): Promise<void> {
    const decoded = decodeInbound(kind, payload, this.deps.maxPayloadBytes);
    if (!decoded.ok)
      return this.reject(stationId, kind, payload, decoded.reason, decoded.error, receivedAtMs);
    return this.applyValid(stationId, decoded.kind, decoded.message, payload, receivedAtMs);
  }

  /** A valid message: station known, sign of life, dedup, handler. `payload` is absent when the transport decoded it. */
  private async applyValid(
    stationId: string,
    kind: InboundKind,
    message: InboundMessages[InboundKind],
    received: Buffer | undefined,
    receivedAtMs: number,
  ): Promise<void> {
    const payload = received ?? Buffer.from(JSON.stringify(message));
    const station = await this.deps.directory.lookup(stationId);
    if (!station) {
      return this.reject(
        stationId,
        kind,
        payload,
        'unknown_station',
        `no station ${stationId}`,
        receivedAtMs,
      );
    }
    const handler = this.deps.handlers[kind];
    const messageId = 'id' in message ? message.id : undefined;
    const apply = (unit?: FleetUnit) =>
      (handler.apply as (m: InboundMessages[InboundKind], c: InboundContext, u?: FleetUnit) => Promise<void>)(
        message,
        this.context(stationId, kind, message, receivedAtMs, station.clockOffsetMs),
        unit,
      );
    // Set when the message's dedup key is written with its effects (the log); a refusal or failure then
    // rolls both back, and the message is logged as rejected without a key.
    let logged: InboundRecord | undefined;
    try {
      if (kind !== 'status') await this.deps.presence.signOfLife(stationId, receivedAtMs, kind === 'hello');
      if (messageId === undefined || handler.dedup === 'none') {
        await apply();
      } else if (handler.dedup === 'memory') {
        if (!this.firstHeartbeat(stationId, messageId)) {
          this.deps.counters.duplicate++;
          return;
        }
        await apply();
      } else {
        logged = {
          stationId,
          kind,
          messageId,
          payload,
          stationTs: 'ts' in message ? message.ts : null,
          receivedAtMs,
        };
        const outcome = await this.deps.fleet.inbound.applyOnce(logged, apply);
        if (!outcome.fresh) {
          this.deps.counters.duplicate++;
          return;
        }
      }
      this.deps.counters.applied++;
    } catch (err) {
      if (err instanceof MessageRejected) {
        if (logged) {
          this.count(stationId, kind, err.reason, err.message);
          await this.logRejected(logged, err.message);
        } else {
          await this.reject(stationId, kind, payload, err.reason, err.message, receivedAtMs);
        }
        return;
      }
      this.deps.counters.failed++;
      this.deps.logger.error({ err, stationId, kind, messageId }, 'station message could not be applied');
      // The rollback freed the dedup key, so the station's re-delivery is applied rather than dropped;
      // the log still shows what went wrong.
      if (logged)
        await this.logRejected(logged, `apply failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async logRejected(record: InboundRecord, error: string): Promise<void> {
    try {
      await this.deps.fleet.inbound.recordRejected(record, error);
    } catch (err) {
      this.deps.logger.error({ err, stationId: record.stationId }, 'could not log a refused message');
    }
  }

  /** Learns the clock offset from hello/heartbeat and corrects the message's `ts` with it. */
  private context(
    stationId: string,
    kind: InboundKind,
    message: InboundMessages[InboundKind],
    receivedAtMs: number,
    storedOffsetMs: number,
  ): InboundContext {
    const tsMs = 'ts' in message ? Date.parse(message.ts) : Number.NaN;
    let offset = this.offsets.get(stationId) ?? storedOffsetMs;
    if (Number.isFinite(tsMs)) {
      if (kind === 'hello') offset = this.offsets.reset(stationId, tsMs, receivedAtMs);
      else if (kind === 'heartbeat') offset = this.offsets.sample(stationId, tsMs, receivedAtMs);
    }
    const stationAtMs = Number.isFinite(tsMs) ? correctStationTime(tsMs, offset, receivedAtMs) : receivedAtMs;
    return { stationId, receivedAtMs, stationAtMs, clockOffsetMs: offset };
  }

  private firstHeartbeat(stationId: string, id: string): boolean {
    let recent = this.recentHeartbeats.get(stationId);
    if (!recent) this.recentHeartbeats.set(stationId, (recent = []));
    if (recent.includes(id)) return false;
    recent.push(id);
    if (recent.length > RECENT_HEARTBEATS) recent.shift();
    return true;
  }

  private async reject(
    stationId: string,
    kind: string,
    payload: Buffer,
    reason: RejectReason,
    error: string,
    receivedAtMs: number,
  ): Promise<void> {
    this.count(stationId, kind, reason, error);
    // Recording is rate-limited per station too: a station spewing garbage must not fill the table.
    if (!this.recordLimiter.take(stationId, receivedAtMs).allowed) return;
    try {
      await this.deps.fleet.messages.recordRejected({
        stationId,
        kind: kind.slice(0, 16),
        // Only the head of an oversize payload is kept; never decode a megabyte to store two kilobytes.
        payload: payload.subarray(0, 2048),
        error: `${reason}: ${error}`,
        receivedAtMs,
      });
    } catch (err) {
      this.deps.logger.error({ err, stationId }, 'could not record a rejected message');
    }
  }

  private count(stationId: string, kind: string, reason: RejectReason, error: string): void {
    this.deps.counters.rejectedByReason[reason]++;
    const gate = this.logLimiter.take(`${stationId}:${reason}`, this.deps.clock.nowMs());
    if (gate.allowed) {
      this.deps.logger.warn(
        { stationId, kind: kind.slice(0, 40), reason, error, suppressed: gate.suppressed },
        'station message rejected',
      );
    }
  }
}
