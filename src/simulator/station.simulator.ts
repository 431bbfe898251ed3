import mqtt, { type MqttClient } from 'mqtt';
import {
  PROTOCOL_VERSION,
  Topics,
  type HeartbeatMessage,
  type HelloMessage,
  type InboundKind,
  type InboundMessages,
  type StatusMessage,
} from '../gateway/protocol/index.js';
import { systemClock, toIso, type Clock } from '../kernel/clock.js';
import { Random } from './random.js';
import { StationModel, type Draft, type InitialSlot, type SlotFaultCode } from './station.model.js';

/**
 * A station speaking protocol v1 over MQTT (mqtt.js), with the habits of real firmware switchable:
 * duplicate messages, ignored expiry, faults, dropping off the network (queueing its QoS 1 messages
 * and re-sending them late, in order), reboots. Everything periodic happens in `tick()`, which its own
 * timer calls (or a SimulatedFleet's shared timer, or a test with a TestClock).
 */
export interface SimulatedStationOptions {
  stationId: string;
  secret: string;
  /** Broker URL, e.g. mqtt://127.0.0.1:1884 */
  url: string;
  prefix?: string;
  slotCount: number;
  /** What is physically in the slots at power-on (default: all empty). */
  slots?: InitialSlot[];
  seed?: number;
  clock?: Clock;
  /** Simulated time per real time for charging, faults, outages and the periodic inventory. */
  timeScale?: number;
  /** Chance that a QoS 1 message is published twice. */
  duplicateRate?: number;
  ignoreExpiry?: boolean;
  /** Chance per slot per simulated hour of a slot fault. */
  faultRate?: number;
  ejectFailureRate?: number;
  /** Chance per simulated hour that the station drops off the network for a while. */
  offlineRate?: number;
  /** How long an outage lasts, in real ms: [min, max]. */
  offlineMs?: [number, number];
  /** How long a reboot keeps the station away, in real ms. */
  rebootMs?: number;
  heartbeatSeconds?: number;
  takeTimeoutSeconds?: number;
  takeProbability?: number;
  takeDelayMs?: [number, number];
  firmware?: string;
  hardware?: string;
  clockDriftMs?: number;
  /** Own tick timer period in ms; 0 leaves ticking to the caller (a fleet or a test). Default 1000. */
  tickMs?: number;
  connectTimeoutMs?: number;
  /** mqtt.js automatic reconnect period after an unexpected disconnect. */
  reconnectPeriodMs?: number;
  /** Most QoS 1 messages kept while offline; the oldest are dropped beyond it. */
  bufferLimit?: number;
  onError?: (err: Error) => void;
}

export type StationState = 'stopped' | 'connecting' | 'online' | 'offline' | 'rebooting';

export interface SimulatedStationStats {
  published: number;
  duplicates: number;
  buffered: number;
  lateDelivered: number;
  connects: number;
  commands: number;
}

type PublishListener = (kind: InboundKind, payload: InboundMessages[InboundKind]) => void;

const QOS: Record<InboundKind, 0 | 1> = {
  status: 1,
  hello: 1,
  heartbeat: 0,
  inventory: 1,
  event: 1,
  result: 1,
};

export class SimulatedStation {
  readonly id: string;
  readonly model: StationModel;
  private readonly options: SimulatedStationOptions;
  private readonly clock: Clock;
  private readonly rng: Random;
  private readonly topics: Topics;
  private client: MqttClient | undefined;
  private state: StationState = 'stopped';
  private connected = false;
  private buffer: { kind: InboundKind; text: string }[] = [];
  private bootId = '';
  private bootAtMs = 0;
  private seq = 0;
  private nextHeartbeatAtMs = Number.POSITIVE_INFINITY;
  private reconnectAtMs = Number.POSITIVE_INFINITY;
  private lastTickMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<PublishListener>();
  private readonly counters: Omit<SimulatedStationStats, 'buffered'> = {
    published: 0,
    duplicates: 0,
    lateDelivered: 0,
    connects: 0,
    commands: 0,
  };

  constructor(options: SimulatedStationOptions) {
    this.options = options;
    this.id = options.stationId;
    this.clock = options.clock ?? systemClock;
    this.rng = Random.derive(options.seed ?? 1, options.stationId);
    this.topics = new Topics(options.prefix ?? 'chargenet/v1');
    this.lastTickMs = this.clock.nowMs();
    this.model = new StationModel(
      {
        slotCount: options.slotCount,
        slots: options.slots,
        rng: this.rng,
        startMs: this.lastTickMs,
        timeScale: options.timeScale,
        ignoreExpiry: options.ignoreExpiry,
        faultRate: options.faultRate,
        ejectFailureRate: options.ejectFailureRate,
        takeProbability: options.takeProbability,
        takeDelayMs: options.takeDelayMs,
        heartbeatSeconds: options.heartbeatSeconds,
        takeTimeoutSeconds: options.takeTimeoutSeconds,
        clockDriftMs: options.clockDriftMs,
      },
      options.firmware,
    );
    this.newBoot();
  }

  /** Where the station is in its life: connecting, online, offline (simulated outage), rebooting, stopped. */
  get status(): StationState {
    return this.state;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  stats(): SimulatedStationStats {
    return { ...this.counters, buffered: this.buffer.length };
  }

  /** Calls the listener with every message the station emits (published now or queued while offline). */
  onPublish(listener: PublishListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Powers on and connects; resolves once the broker accepted the station, rejects if it refused it. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    const tickMs = this.options.tickMs ?? 1000;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
    try {
      await this.connect();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Says goodbye (retained status offline) and disconnects cleanly. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    this.state = 'stopped';
    if (!client) return;
    if (this.connected) {
      const status: StatusMessage = { v: PROTOCOL_VERSION, online: false };
      await client
        .publishAsync(this.topics.inbound(this.id, 'status'), JSON.stringify(status), {
          qos: 1,
          retain: true,
        })
        .catch(() => undefined);
    }
    this.connected = false;
    await client.endAsync(!client.connected).catch(() => undefined);
  }

  /** Runs the periodic work due by now: the physical world, heartbeats, random outages, coming back. */
  tick(): void {
    if (this.state === 'stopped') return;
    const now = this.clock.nowMs();
    const simHours = ((now - this.lastTickMs) * (this.options.timeScale ?? 1)) / 3_600_000;
    this.lastTickMs = now;
    for (const draft of this.model.advance(now)) void this.send(draft);
    if ((this.state === 'offline' || this.state === 'rebooting') && now >= this.reconnectAtMs) {
      this.connect().catch((err: Error) => this.options.onError?.(err));
      return;
    }
    if (!this.connected) return;
    if (now >= this.nextHeartbeatAtMs) this.heartbeat(now);
    if (this.state === 'online' && this.rng.chance((this.options.offlineRate ?? 0) * simHours)) {
      const [min, max] = this.options.offlineMs ?? [20_000, 120_000];
      this.goOffline(this.rng.int(min, max));
    }
  }

  /**
   * Drops off the network without a goodbye (the broker publishes the last will), keeping QoS 1
   * messages to re-send on return. Comes back after `durationMs` on a tick, or on goOnline().
   */
  goOffline(durationMs = Number.POSITIVE_INFINITY): void {
    if (this.state !== 'online' && this.state !== 'connecting') return;
    this.state = 'offline';
    this.reconnectAtMs = this.clock.nowMs() + durationMs;
    this.dropConnection();
  }

  /** Ends a simulated outage now. */
  async goOnline(): Promise<void> {
    if (this.state !== 'offline' && this.state !== 'rebooting') return;
    await this.connect();
  }

  /** A rider returns a power bank into a slot (a `bank_inserted` event); resolves once the broker has it. */
  returnBank(
    slot: number,
    powerBankId: string,
    bank: { batteryPct?: number; healthPct?: number } = {},
  ): Promise<void> {
    return this.send(this.model.returnBank(slot, powerBankId, bank));
  }

  /** A power bank leaves a slot without a command. */
  forceRemove(slot: number): Promise<void> {
    return this.send(this.model.forceRemove(slot));
  }

  /** A slot breaks now (it recovers on its own later, or at `clearsAtMs`). */
  faultSlot(slot: number, code: SlotFaultCode, clearsAtMs?: number): Promise<void> {
    return this.send(this.model.fault(slot, code, this.clock.nowMs(), clearsAtMs));
  }

  /** Mains power lost or restored. */
  setMains(on: boolean): Promise<void> {
    const draft = this.model.setMains(on);
    return draft ? this.send(draft) : Promise.resolve();
  }

  private newBoot(): void {
    this.bootAtMs = this.clock.nowMs();
    // The clock part keeps message ids unique across runs that share a seed (the platform dedups on them).
    this.bootId = `${this.bootAtMs.toString(36)}${this.rng.hex(6)}`;
    this.seq = 0;
  }

  private connect(): Promise<void> {
    this.state = 'connecting';
    this.reconnectAtMs = Number.POSITIVE_INFINITY;
    const status: StatusMessage = { v: PROTOCOL_VERSION, online: false };
    const client = mqtt.connect(this.options.url, {
      clientId: this.id,
      username: this.id,
      password: this.options.secret,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      reconnectPeriod: this.options.reconnectPeriodMs ?? 2000,
      will: {
        topic: this.topics.inbound(this.id, 'status'),
        payload: Buffer.from(JSON.stringify(status)),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    client.on('close', () => {
      if (this.client === client) this.connected = false;
    });
    client.on('message', (_topic, payload) => this.onCommand(payload));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
      const timeout = setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(
          new Error(`station ${this.id} could not connect to ${this.options.url} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      timeout.unref();
      client.on('connect', () => {
        if (this.client !== client) return;
        this.onConnect(client).then(
          () => {
            clearTimeout(timeout);
            if (!settled) resolve();
            settled = true;
          },
          (err: Error) => this.options.onError?.(err),
        );
      });
      client.on('error', (err) => {
        // A refused CONNACK (bad credentials, not authorised) will not get better by retrying.
        const refused = 'code' in err && typeof err.code === 'number' && err.code > 0;
        if (!settled && refused) {
          settled = true;
          clearTimeout(timeout);
          this.dropConnection();
          if (this.client === client) this.client = undefined;
          this.state = 'stopped';
          reject(new Error(`broker refused station ${this.id}: ${err.message}`));
        } else {
          this.options.onError?.(err);
        }
      });
    });
  }

  private async onConnect(client: MqttClient): Promise<void> {
    this.connected = true;
    this.state = 'online';
    this.counters.connects += 1;
    await client.subscribeAsync(this.topics.command(this.id), { qos: 1 });
    const status: StatusMessage = { v: PROTOCOL_VERSION, online: true };
    void this.publish('status', status, true);
    const now = this.clock.nowMs();
    const hello: HelloMessage = {
      ...this.stamp(now),
      bootId: this.bootId,
      firmware: this.model.firmware,
      hardware: this.options.hardware ?? 'CN-S2',
      slotCount: this.model.slotCount,
      slots: this.model.slotReports(),
    };
    void this.publish('hello', hello);
    const late = this.buffer;
    this.buffer = [];
    for (const item of late) {
      this.counters.lateDelivered += 1;
      void this.write(item.kind, item.text, false);
    }
    void this.send(this.model.inventory(now));
    this.nextHeartbeatAtMs = now + this.model.heartbeatSeconds * 1000;
  }

  private onCommand(payload: Buffer): void {
    this.counters.commands += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      return; // not a command this firmware can answer
    }
    const outcome = this.model.handleCommand(parsed, this.clock.nowMs());
    const sent = outcome.drafts.map((draft) => this.send(draft));
    // The result must reach the broker before the power cycle cuts the connection.
    if (outcome.reboot) void Promise.all(sent).then(() => this.reboot());
  }

  private reboot(): void {
    this.state = 'rebooting';
    this.reconnectAtMs = this.clock.nowMs() + (this.options.rebootMs ?? 3000);
    this.model.reboot();
    this.newBoot();
    this.dropConnection();
  }

  /** Ends the connection abruptly, as a power cut or lost signal would: the broker sends the last will. */
  private dropConnection(): void {
    this.connected = false;
    const client = this.client;
    if (client) client.end(true);
  }

  private heartbeat(now: number): void {
    const heartbeat: HeartbeatMessage = {
      ...this.stamp(now),
      uptimeS: Math.floor((now - this.bootAtMs) / 1000),
      signal: this.rng.int(12, 31),
      mains: this.model.mains,
      tempC: Math.round((24 + this.rng.next() * 6) * 10) / 10,
    };
    void this.publish('heartbeat', heartbeat);
    this.nextHeartbeatAtMs = now + this.model.heartbeatSeconds * 1000;
  }

  private stamp(now: number): { v: typeof PROTOCOL_VERSION; id: string; ts: string } {
    this.seq += 1;
    return {
      v: PROTOCOL_VERSION,
      id: `${this.bootId}:${this.seq}`,
      ts: toIso(this.model.stationClockMs(now)),
    };
  }

  private send(draft: Draft): Promise<void> {
    const message = {
      ...this.stamp(this.clock.nowMs()),
      ...draft.body,
    } as InboundMessages[typeof draft.kind];
    return this.publish(draft.kind, message);
  }

  /** Publishes (or queues while offline); resolves once the broker has it, or at once when queued or dropped. */
  private publish<K extends InboundKind>(
    kind: K,
    message: InboundMessages[K],
    retain = false,
  ): Promise<void> {
    for (const listener of this.listeners) listener(kind, message);
    const text = JSON.stringify(message);
    if (!this.connected) {
      if (QOS[kind] === 1 && kind !== 'status') {
        this.buffer.push({ kind, text });
        const limit = this.options.bufferLimit ?? 1000;
        if (this.buffer.length > limit) this.buffer.splice(0, this.buffer.length - limit);
      }
      return Promise.resolve();
    }
    const written = this.write(kind, text, retain);
    if (QOS[kind] === 1 && !retain && this.rng.chance(this.options.duplicateRate ?? 0)) {
      this.counters.duplicates += 1;
      void this.write(kind, text, false);
    }
    return written;
  }

  private write(kind: InboundKind, text: string, retain: boolean): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    this.counters.published += 1;
    return new Promise((resolve) => {
      client.publish(this.topics.inbound(this.id, kind), text, { qos: QOS[kind], retain }, () => resolve());
    });
  }
}
