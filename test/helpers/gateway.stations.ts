import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { TestClock } from '../../src/kernel/clock.js';
import { toIso } from '../../src/kernel/clock.js';
import type { InboundKind, SlotReport, StationEvent } from '../../src/gateway/protocol/index.js';
import { Topics } from '../../src/gateway/protocol/topics.js';

/** Polls `probe` until it returns a truthy value; only for waiting on real network I/O. */
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  what = 'condition',
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Lets in-flight network traffic settle, to show that something did NOT arrive. */
export function grace(ms = 300): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface StationConnectOptions {
  url: string;
  prefix: string;
  clock: TestClock;
  stationId: string;
  secret: string;
  /** Overrides for the MQTT connection (clientId, username, clean …). */
  mqtt?: IClientOptions;
  /** Station clock minus platform clock, to simulate drift. */
  driftMs?: number;
  /** Subscribe to the station's own command topic (default true). */
  subscribe?: boolean;
}

/** Any one event's own fields; `id` and `ts` default to the next id and the station's clock. */
type EventFields = StationEvent extends infer E
  ? E extends StationEvent
    ? Omit<E, 'v' | 'id' | 'ts'> & { ts?: string; id?: string }
    : never
  : never;

/**
 * A station speaking protocol v1 over a real mqtt.js connection, for gateway tests. Message ids are
 * `bootId:seq`; `ts` is the test clock plus the station's drift unless given.
 */
export class TestStation {
  readonly bootId = randomBytes(4).toString('hex');
  readonly commands: Array<Record<string, unknown>> = [];
  readonly topics: Topics;
  private seq = 0;

  private constructor(
    readonly client: MqttClient,
    private readonly options: StationConnectOptions,
  ) {
    this.topics = new Topics(options.prefix);
    client.on('message', (topic, payload) => {
      if (topic === this.topics.command(this.id)) this.commands.push(JSON.parse(payload.toString()));
    });
  }

  get id(): string {
    return this.options.stationId;
  }

  /** Connects as the station; rejects when the broker refuses the connection. */
  static async connect(options: StationConnectOptions): Promise<TestStation> {
    const topics = new Topics(options.prefix);
    const client = mqtt.connect(options.url, {
      clientId: options.stationId,
      username: options.stationId,
      password: options.secret,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 3000,
      will: {
        topic: topics.inbound(options.stationId, 'status'),
        payload: Buffer.from('{"v":1,"online":false}'),
        qos: 1,
        retain: true,
      },
      ...options.mqtt,
    });
    // Listen before CONNACK: a persistent session's queued commands arrive right after it.
    const station = new TestStation(client, options);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', (err) => {
        client.end(true);
        reject(err);
      });
    });
    if (options.subscribe !== false)
      await client.subscribeAsync(topics.command(options.stationId), { qos: 1 });
    return station;
  }

  nextId(): string {
    return `${this.bootId}:${++this.seq}`;
  }

  /** The station's clock now (test clock + drift), shifted by `deltaMs`. */
  ts(deltaMs = 0): string {
    return toIso(this.options.clock.nowMs() + (this.options.driftMs ?? 0) + deltaMs);
  }

  /** Publishes raw bytes or an object to one of the station's topics (or any topic). */
  async publishRaw(
    kindOrTopic: InboundKind | string,
    payload: string | Buffer | object,
    qos: 0 | 1 = 1,
  ): Promise<void> {
    const topic = kindOrTopic.includes('/')
      ? kindOrTopic
      : this.topics.inbound(this.id, kindOrTopic as InboundKind);
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    await this.client.publishAsync(topic, body, { qos });
  }

  async status(online: boolean): Promise<void> {
    await this.client.publishAsync(this.topics.inbound(this.id, 'status'), JSON.stringify({ v: 1, online }), {
      qos: 1,
      retain: true,
    });
  }

  async hello(slots: SlotReport[], extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const message = {
      v: 1,
      id: this.nextId(),
      ts: this.ts(),
      bootId: this.bootId,
      firmware: 'cn-fw 1.4.2',
      hardware: 'cn-s12 rev B',
      slotCount: slots.length,
      slots,
      ...extra,
    };
    await this.publishRaw('hello', message);
    return message;
  }

  async heartbeat(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const message = {
      v: 1,
      id: this.nextId(),
      ts: this.ts(),
      uptimeS: 120,
      signal: 21,
      mains: true,
      tempC: 24.5,
      ...extra,
    };
    await this.publishRaw('heartbeat', message, 0);
    return message;
  }

  async inventory(
    slots: SlotReport[],
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const message = { v: 1, id: this.nextId(), ts: this.ts(), slots, ...extra };
    await this.publishRaw('inventory', message);
    return message;
  }

  async event(fields: EventFields): Promise<Record<string, unknown>> {
    const message = { v: 1, id: this.nextId(), ts: this.ts(), ...fields };
    await this.publishRaw('event', message);
    return message;
  }

  async result(
    commandId: string,
    status: 'ok' | 'failed' | 'rejected' | 'expired',
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const message = { v: 1, id: this.nextId(), ts: this.ts(), commandId, status, ...extra };
    await this.publishRaw('result', message);
    return message;
  }

  async end(): Promise<void> {
    await this.client.endAsync(true).catch(() => undefined);
  }
}

/** An empty slot report. */
export function emptySlot(slot: number): SlotReport {
  return { slot, powerBankId: null, batteryPct: 0, state: 'empty', faults: [] };
}

/** A slot holding a charging (or, at 100 %, ready) power bank. */
export function bankSlot(slot: number, powerBankId: string, batteryPct = 80): SlotReport {
  return { slot, powerBankId, batteryPct, state: batteryPct === 100 ? 'ready' : 'charging', faults: [] };
}
