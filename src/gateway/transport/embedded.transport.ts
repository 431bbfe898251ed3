import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../kernel/logger.js';
import { startModuleWorker } from '../../kernel/threads.js';
import type { GatewayCounters } from '../gateway.stats.js';
import type { RateLimiter } from '../log.rate-limit.js';
import type { Topics } from '../protocol/topics.js';
import type { StationLogins } from './broker.access.js';
import {
  unpackHeartbeats,
  type AuthOutcome,
  type BrokerSettings,
  type FromBroker,
  type ToBroker,
} from './embedded-broker.messages.js';
import type { BrokerHeap, InboundSink, Transport } from './transport.types.js';

export interface EmbeddedTransportOptions {
  host: string;
  port: number;
  topics: Topics;
  logins: StationLogins;
  counters: GatewayCounters;
  logLimiter: RateLimiter;
  logger: Logger;
  maxPayloadBytes: number;
  nowMs: () => number;
}

/** How often the broker thread hears the platform's clock when nothing else tells it. */
const CLOCK_SYNC_MS = 1000;

/**
 * The embedded broker: stations connect to this process. The broker itself (aedes, the sockets,
 * MQTT framing, the ACL, heartbeat decoding) runs on its own thread (embedded-broker.worker.ts), so
 * station traffic uses the machine's second core and never delays the API or the database work on
 * the main thread. This side answers the thread's login questions from the fleet's credentials,
 * hands station messages to the dispatcher, tells the thread when each raw message has settled (so
 * it can read that station's socket again), and publishes commands through it.
 */
export class EmbeddedTransport implements Transport {
  readonly kind = 'embedded' as const;
  private worker?: Worker;
  private sink?: InboundSink;
  private listeningPort?: number;
  private clients = 0;
  private running = false;
  private clockTimer?: NodeJS.Timeout;
  /** Ids of requests to the broker thread that it answers (publishes, heap reads). */
  private nextRequest = 1;
  private readonly publishes = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private readonly heapReads = new Map<number, (heap: BrokerHeap | undefined) => void>();
  private settledSeqs: number[] = [];
  private acking = false;
  private stopped?: () => void;

  constructor(private readonly options: EmbeddedTransportOptions) {}

  get port(): number | undefined {
    return this.listeningPort;
  }

  async start(sink: InboundSink): Promise<void> {
    this.sink = sink;
    const settings: BrokerSettings = {
      host: this.options.host,
      port: this.options.port,
      prefix: this.options.topics.prefix,
      maxPayloadBytes: this.options.maxPayloadBytes,
      nowMs: this.options.nowMs(),
    };
    const worker = startModuleWorker(new URL('./embedded-broker.worker.ts', import.meta.url), {
      workerData: settings,
      // Nearly all the thread allocates is short-lived (packets, batches): a small young generation
      // keeps its memory in proportion once a connection storm has grown it (bench:gateway: ~3 KiB of
      // RSS per connected station).
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => reject(new Error(`embedded MQTT broker did not start: ${err.message}`));
      worker.once('error', fail);
      worker.on('message', (message: FromBroker) => {
        if (message.t === 'ready') {
          this.listeningPort = message.port;
          this.running = true;
          worker.off('error', fail);
          resolve();
        } else if (message.t === 'failed') {
          fail(new Error(message.message));
        } else {
          this.onMessage(message);
        }
      });
    });
    worker.on('error', (err) => this.options.logger.error({ err }, 'embedded MQTT broker crashed'));
    worker.once('exit', () => this.exited());
    this.clockTimer = setInterval(
      () => this.send({ t: 'clock', nowMs: this.options.nowMs() }),
      CLOCK_SYNC_MS,
    );
    this.clockTimer.unref();
  }

  publish(topic: string, payload: Buffer): Promise<void> {
    if (!this.running) return Promise.reject(new Error('embedded broker is not running'));
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.publishes.set(id, { resolve, reject });
      this.send({ t: 'publish', id, topic, payload, nowMs: this.options.nowMs() });
    });
  }

  isConnected(): boolean {
    return this.running;
  }

  connectedClients(): number | undefined {
    return this.clients;
  }

  brokerThread(): { activeMs: number; idleMs: number } | undefined {
    if (!this.worker || !this.running) return undefined;
    const { active, idle } = this.worker.performance.eventLoopUtilization();
    return { activeMs: Math.round(active), idleMs: Math.round(idle) };
  }

  /**
   * The broker thread's JS heap (its isolate is not in the main thread's process.memoryUsage()). With
   * `collect` and a process started with --expose-gc, garbage is collected first, as bench:gateway
   * does for every isolate before it reads memory.
   */
  brokerHeap(collect = false): Promise<BrokerHeap | undefined> {
    if (!this.running) return Promise.resolve(undefined);
    const id = this.nextRequest++;
    return new Promise((resolve) => {
      this.heapReads.set(id, resolve);
      this.send({ t: 'heap', id, collect });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker || !this.running) return;
    this.running = false;
    this.sink = undefined;
    if (this.clockTimer) clearInterval(this.clockTimer);
    await new Promise<void>((resolve) => {
      this.stopped = resolve;
      this.send({ t: 'stop' });
    });
    await worker.terminate();
  }

  private onMessage(message: FromBroker): void {
    switch (message.t) {
      case 'inbound': {
        const sink = this.sink;
        if (sink)
          unpackHeartbeats(message.heartbeats, (stationId, heartbeat) =>
            sink.heartbeat(stationId, heartbeat),
          );
        const { payloads } = message;
        for (const [seq, stationId, kind, start, end] of message.raw) {
          const payload = Buffer.from(payloads.buffer, payloads.byteOffset + start, end - start);
          if (sink) sink.message(stationId, kind, payload, () => this.settle(seq));
          else this.settle(seq);
        }
        // Acknowledged at once, not at the end of the turn: the broker thread reads on while this
        // thread works through the batches already here.
        this.ack(1);
        return;
      }
      case 'auth':
        void this.authenticate(message.id, message.clientId, message.username, message.password);
        return;
      case 'denied':
        this.options.counters.aclDenied++;
        this.warn(
          `acl:${message.clientId}`,
          { stationId: message.clientId, topic: message.topic },
          message.what === 'publish'
            ? 'publish outside the station topics denied'
            : 'subscription outside the station command topic denied',
        );
        return;
      case 'clients':
        this.clients = message.connected;
        return;
      case 'client-error':
        this.options.logger.debug({ stationId: message.clientId, err: message.message }, 'mqtt client error');
        return;
      case 'published': {
        const pending = this.publishes.get(message.id);
        this.publishes.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error));
        else pending?.resolve();
        return;
      }
      case 'heap':
        this.heapReads.get(message.id)?.({ usedBytes: message.usedBytes, totalBytes: message.totalBytes });
        this.heapReads.delete(message.id);
        return;
      case 'stopped':
        this.stopped?.();
    }
  }

  private async authenticate(
    id: number,
    clientId: string,
    username: string | undefined,
    password: Uint8Array | undefined,
  ): Promise<void> {
    let outcome: AuthOutcome;
    try {
      outcome = (await this.options.logins.authenticate(clientId, username, password)) ? 'ok' : 'refused';
      if (outcome === 'refused') {
        this.options.counters.authFailures++;
        this.warn(`auth:${clientId}`, { stationId: clientId }, 'station authentication refused');
      }
    } catch (err) {
      this.options.logger.error({ err, stationId: clientId }, 'station authentication failed');
      outcome = 'unavailable';
    }
    this.send({ t: 'auth-result', id, outcome });
  }

  /** Settled messages go out with the next batch's ack, or at the end of the turn. */
  private settle(seq: number): void {
    if (this.settledSeqs.push(seq) > 1 || this.acking) return;
    this.acking = true;
    setImmediate(() => {
      this.acking = false;
      if (this.settledSeqs.length > 0) this.ack(0);
    });
  }

  private ack(batches: number): void {
    const settled = this.settledSeqs;
    this.settledSeqs = [];
    this.send({ t: 'ack', batches, settled });
  }

  private send(message: ToBroker): void {
    if (this.worker && (this.running || message.t === 'stop')) this.worker.postMessage(message);
  }

  private exited(): void {
    const wasRunning = this.running;
    this.running = false;
    if (this.clockTimer) clearInterval(this.clockTimer);
    for (const pending of this.publishes.values()) pending.reject(new Error('embedded broker stopped'));
    this.publishes.clear();
    for (const read of this.heapReads.values()) read(undefined);
    this.heapReads.clear();
    this.stopped?.();
    if (wasRunning) this.options.logger.error('embedded MQTT broker thread exited');
  }

  private warn(key: string, fields: Record<string, unknown>, message: string): void {
    const gate = this.options.logLimiter.take(key, this.options.nowMs());
    if (gate.allowed) this.options.logger.warn({ ...fields, suppressed: gate.suppressed }, message);
  }
}
