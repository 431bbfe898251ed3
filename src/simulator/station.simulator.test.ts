import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INBOUND_SCHEMAS, Topics, type InboundKind } from '../gateway/protocol/index.js';
import { TestClock } from '../kernel/clock.js';
import { fieldErrors } from '../kernel/validation.js';
import { startPlainBroker, waitFor, type PlainBroker } from '../../test/helpers/sim.helpers.js';
import { SimulatedFleet } from './fleet.simulator.js';
import { SimulatedStation, type SimulatedStationOptions } from './station.simulator.js';

/** Over a bare MQTT broker (no platform): what the simulated stations put on the wire. */
interface Seen {
  stationId: string;
  kind: string;
  payload: Record<string, unknown>;
  retain: boolean;
}

const prefix = 'sim-test/v1';
const topics = new Topics(prefix);
let broker: PlainBroker;
let platform: MqttClient;
let seen: Seen[];
const started: { stop(): Promise<void> }[] = [];

beforeEach(async () => {
  broker = await startPlainBroker((clientId, username, password) =>
    clientId.startsWith('platform') ? true : username === clientId && password === `secret-of-${clientId}`,
  );
  seen = [];
  platform = await mqtt.connectAsync(broker.url, {
    clientId: 'platform',
    username: 'platform',
    password: 'x',
  });
  platform.on('message', (topic, payload, packet) => {
    const parsed = topics.parse(topic)!;
    if (parsed.kind === 'command') return;
    seen.push({
      stationId: parsed.stationId,
      kind: parsed.kind,
      payload: payload.length ? (JSON.parse(payload.toString()) as Record<string, unknown>) : {},
      retain: packet.retain,
    });
  });
  await platform.subscribeAsync(topics.inboundWildcard(), { qos: 1 });
});

afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
  await platform.endAsync();
  await broker.close();
});

function station(id: string, options: Partial<SimulatedStationOptions> = {}): SimulatedStation {
  const s = new SimulatedStation({
    stationId: id,
    secret: `secret-of-${id}`,
    url: broker.url,
    prefix,
    slotCount: 4,
    slots: [
      { slot: 1, powerBankId: `${id}-pb1`, batteryPct: 70 },
      { slot: 2, powerBankId: `${id}-pb2`, batteryPct: 100 },
    ],
    seed: 1,
    tickMs: 0,
    reconnectPeriodMs: 0,
    takeProbability: 1,
    takeDelayMs: [0, 0],
    ...options,
  });
  started.push(s);
  return s;
}

const of = (stationId: string, kind?: string) =>
  seen.filter((m) => m.stationId === stationId && (kind === undefined || m.kind === kind));

async function sendCommand(
  stationId: string,
  type: string,
  params: Record<string, unknown> = {},
  ttlMs = 20_000,
) {
  const commandId = `cmd_${type}_${Math.random().toString(36).slice(2, 8)}`;
  const now = Date.now();
  const payload = {
    v: 1,
    commandId,
    type,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
    ...params,
  };
  await platform.publishAsync(topics.command(stationId), JSON.stringify(payload), { qos: 1 });
  return commandId;
}

describe('SimulatedStation over MQTT', () => {
  it('connects as its id with its secret, goes online (retained), says hello then inventory', async () => {
    const s = station('stn_sim1');
    await s.start();
    await waitFor(() => of('stn_sim1', 'inventory').length === 1, 3000, 'inventory');
    expect(of('stn_sim1').map((m) => m.kind)).toEqual(['status', 'hello', 'inventory']);
    const [status, hello] = of('stn_sim1');
    expect(status?.payload).toEqual({ v: 1, online: true });
    const late = await mqtt.connectAsync(broker.url, {
      clientId: 'platform-late',
      username: 'late',
      password: 'x',
    });
    const retained = new Promise<{ retain: boolean; payload: unknown }>((resolve) =>
      late.on('message', (_t, payload, packet) =>
        resolve({ retain: packet.retain, payload: JSON.parse(payload.toString()) }),
      ),
    );
    await late.subscribeAsync(topics.inbound('stn_sim1', 'status'), { qos: 1 });
    expect(await retained).toEqual({ retain: true, payload: { v: 1, online: true } });
    await late.endAsync();
    expect(hello?.payload).toMatchObject({
      slotCount: 4,
      slots: [
        { slot: 1, powerBankId: 'stn_sim1-pb1', batteryPct: 70, state: 'charging', faults: [] },
        { slot: 2, powerBankId: 'stn_sim1-pb2', batteryPct: 100, state: 'ready', faults: [] },
        { slot: 3, powerBankId: null, state: 'empty' },
        { slot: 4, powerBankId: null, state: 'empty' },
      ],
    });
  });

  it('is refused with a wrong secret, and start() says so', async () => {
    const s = station('stn_sim2', { secret: 'wrong' });
    await expect(s.start()).rejects.toThrow(/refused station stn_sim2/);
    expect(s.status).toBe('stopped');
  });

  it('emits only payloads that validate against the protocol schemas, whatever happens', async () => {
    const clock = new TestClock(Date.now());
    const s = station('stn_sim3', {
      clock,
      faultRate: 30,
      timeScale: 60,
      duplicateRate: 0.3,
      heartbeatSeconds: 5,
    });
    const emitted: { kind: InboundKind; payload: unknown }[] = [];
    s.onPublish((kind, payload) => emitted.push({ kind, payload }));
    await s.start();
    for (let i = 0; i < 30; i++) {
      clock.advance(10_000);
      s.tick();
    }
    await s.returnBank(3, 'pb_returned', { batteryPct: 30 });
    await s.forceRemove(2);
    await s.setMains(false);
    await s.setMains(true);
    const eject = await sendCommand('stn_sim3', 'eject', { slot: 1, powerBankId: 'stn_sim3-pb1' });
    await waitFor(
      () => of('stn_sim3', 'result').some((m) => m.payload.commandId === eject),
      3000,
      'eject result',
    );
    clock.advance(1000);
    s.tick();
    for (const [type, params] of [
      ['sync', {}],
      ['configure', { heartbeatSeconds: 30, serverTime: new Date().toISOString() }],
      ['set_slot', { slot: 4, enabled: false }],
      ['bogus', {}],
      ['eject', { slot: 4, powerBankId: 'nope' }],
    ] as const) {
      await sendCommand('stn_sim3', type, params);
    }
    await waitFor(() => of('stn_sim3', 'result').length >= 6, 3000, 'all results');
    await waitFor(() => of('stn_sim3').length >= emitted.length, 3000, 'everything on the wire');

    const kinds = new Set(of('stn_sim3').map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['event', 'heartbeat', 'hello', 'inventory', 'result', 'status']);
    const eventTypes = new Set(of('stn_sim3', 'event').map((m) => m.payload.type));
    for (const t of ['slot_fault', 'bank_inserted', 'bank_removed', 'power_lost', 'power_restored']) {
      expect(eventTypes).toContain(t);
    }
    for (const m of [...of('stn_sim3'), ...emitted.map((e) => ({ kind: e.kind, payload: e.payload }))]) {
      const schema = INBOUND_SCHEMAS[m.kind as InboundKind];
      expect(fieldErrors(schema, m.payload), `${m.kind} ${JSON.stringify(m.payload)}`).toEqual([]);
    }
  });

  it('publishes duplicates with the same message id at the duplicate rate', async () => {
    const s = station('stn_sim4', { duplicateRate: 1 });
    await s.start();
    await s.returnBank(3, 'pb_dup');
    await waitFor(() => of('stn_sim4', 'event').length === 2, 3000, 'duplicated event');
    const [a, b] = of('stn_sim4', 'event');
    expect(a?.payload).toEqual(b?.payload);
    expect(s.stats().duplicates).toBeGreaterThanOrEqual(1);
  });

  it('answers a command, and a repeated commandId gets the same result without a second action', async () => {
    const s = station('stn_sim5', { takeDelayMs: [0, 0] });
    await s.start();
    const payload = {
      v: 1,
      commandId: 'cmd_repeat',
      type: 'eject',
      issuedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 20_000).toISOString(),
      slot: 1,
      powerBankId: 'stn_sim5-pb1',
    };
    await platform.publishAsync(topics.command('stn_sim5'), JSON.stringify(payload), { qos: 1 });
    await waitFor(() => of('stn_sim5', 'result').length === 1, 3000, 'result');
    s.tick();
    await waitFor(() => of('stn_sim5', 'event').length === 1, 3000, 'bank_removed');
    await platform.publishAsync(topics.command('stn_sim5'), JSON.stringify(payload), { qos: 1 });
    await waitFor(() => of('stn_sim5', 'result').length === 2, 3000, 'second result');
    s.tick();
    const [first, second] = of('stn_sim5', 'result').map((m) => m.payload);
    expect(second).toMatchObject({ commandId: 'cmd_repeat', status: first?.status, slot: 1 });
    expect(of('stn_sim5', 'event')).toHaveLength(1);
    expect(of('stn_sim5', 'event')[0]?.payload).toMatchObject({
      type: 'bank_removed',
      commandId: 'cmd_repeat',
    });
  });

  it('drops off with its last will, queues QoS 1 messages, and re-sends them in order after hello on return', async () => {
    const s = station('stn_sim6', { heartbeatSeconds: 1 });
    await s.start();
    await waitFor(() => of('stn_sim6', 'inventory').length === 1, 3000, 'first inventory');
    s.goOffline();
    await waitFor(() => of('stn_sim6', 'status').some((m) => m.payload.online === false), 3000, 'last will');
    await s.returnBank(3, 'pb_late1');
    await s.forceRemove(1);
    expect(s.stats().buffered).toBe(2);
    const before = seen.length;
    await s.goOnline();
    await waitFor(() => of('stn_sim6', 'inventory').length === 2, 3000, 'inventory after return');
    const after = seen.slice(before).filter((m) => m.stationId === 'stn_sim6');
    expect(after.map((m) => [m.kind, m.payload.type ?? m.payload.online ?? ''])).toEqual([
      ['status', true],
      ['hello', ''],
      ['event', 'bank_inserted'],
      ['event', 'bank_removed'],
      ['inventory', ''],
    ]);
    const ids = after.filter((m) => m.kind === 'event').map((m) => m.payload.id as string);
    expect(ids[0]! < ids[1]! || ids[0]!.length < ids[1]!.length).toBe(true);
    expect(s.stats()).toMatchObject({ buffered: 0, lateDelivered: 2 });
  });

  it('reboots on command: result first, last will, then a new boot id in the next hello', async () => {
    const clock = new TestClock(Date.now());
    const s = station('stn_sim7', { clock, rebootMs: 5000 });
    await s.start();
    const firstHello = await waitFor(() => of('stn_sim7', 'hello')[0], 3000, 'hello');
    const id = await sendCommand('stn_sim7', 'reboot');
    await waitFor(() => of('stn_sim7', 'status').some((m) => m.payload.online === false), 3000, 'last will');
    expect(of('stn_sim7', 'result')[0]?.payload).toMatchObject({ commandId: id, status: 'ok' });
    expect(s.status).toBe('rebooting');
    clock.advance(5000);
    s.tick();
    const secondHello = await waitFor(() => of('stn_sim7', 'hello')[1], 3000, 'second hello');
    expect(secondHello.payload.bootId).not.toBe(firstHello.payload.bootId);
  });
});

describe('SimulatedFleet', () => {
  it('runs N stations on one timer and reports their totals', async () => {
    const fleet = new SimulatedFleet(
      ['stn_f1', 'stn_f2', 'stn_f3'].map((id) => ({
        stationId: id,
        secret: `secret-of-${id}`,
        slotCount: 6,
      })),
      { url: broker.url, prefix, seed: 9, tickMs: 0, connectConcurrency: 2, reconnectPeriodMs: 0 },
    );
    started.push(fleet);
    await fleet.start();
    await waitFor(() => seen.filter((m) => m.kind === 'inventory').length === 3, 3000, 'three inventories');
    expect(fleet.stats()).toMatchObject({ stations: 3, connected: 3, connects: 3 });
    expect(fleet.get('stn_f2')?.isConnected).toBe(true);
    await fleet.stop();
    await waitFor(
      () => seen.filter((m) => m.kind === 'status' && m.payload.online === false).length === 3,
      3000,
      'goodbyes',
    );
  });

  it('fails to start, and leaves nothing connected, when one station is refused', async () => {
    const fleet = new SimulatedFleet(
      [
        { stationId: 'stn_ok', secret: 'secret-of-stn_ok', slotCount: 2 },
        { stationId: 'stn_bad', secret: 'nope', slotCount: 2 },
      ],
      { url: broker.url, prefix, tickMs: 0, connectConcurrency: 1, reconnectPeriodMs: 0 },
    );
    await expect(fleet.start()).rejects.toThrow(/stn_bad/);
    expect(fleet.stats().connected).toBe(0);
  });
});
