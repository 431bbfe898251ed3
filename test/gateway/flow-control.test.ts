import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { Topics } from '../../src/gateway/protocol/topics.js';
import { ExternalTransport } from '../../src/gateway/transport/external.transport.js';
import { createLogger } from '../../src/kernel/logger.js';
import type { StationStateService } from '../../src/modules/fleet/index.js';
import { mosquittoAvailable } from '../helpers/db.js';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';
import { emptySlot, grace, waitUntil } from '../helpers/gateway.stations.js';
import { SERVERS } from '../helpers/servers.js';

/** Gates still closed when a test ends (a failing one): opened before the harness closes. */
const gates: Array<() => void> = [];
async function closeHarness(h: GatewayHarness | undefined): Promise<void> {
  for (const open of gates.splice(0)) open();
  await h?.close();
}

/** Makes the next call of a station-state method wait until the returned function is called. */
function holdNext(h: GatewayHarness, method: 'applyEvent' | 'applyHello'): () => void {
  const state = h.fleet.state as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = state[method]!.bind(h.fleet.state as StationStateService);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  gates.push(release);
  state[method] = async (...args: unknown[]) => {
    state[method] = original;
    await gate;
    return original(...args);
  };
  return release;
}

async function helloed(h: GatewayHarness, index: number) {
  const station = await h.connect(index);
  const before = h.gateway.stats().processed;
  await station.hello([emptySlot(1), emptySlot(2)]);
  await waitUntil(() => h.gateway.stats().processed > before, 'hello processed');
  await h.gateway.idle();
  return station;
}

describe('flow control on the embedded broker', () => {
  let h: GatewayHarness;
  afterEach(() => closeHarness(h));

  it('reads nothing more from a station while its message waits for the database', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const station = await helloed(h, 0);
    const other = await helloed(h, 1);

    const release = holdNext(h, 'applyEvent');
    const { received, applied } = h.gateway.stats().messages;
    // Its PUBACK comes only once its effects are committed (see the next test).
    const eventSent = station.event({ type: 'power_lost' });
    await waitUntil(() => h.gateway.stats().messages.received === received + 1, 'event received');
    for (let i = 0; i < 5; i++) await station.heartbeat();
    // Its PUBACK cannot come while the station is not read from; awaited after the release.
    const inventorySent = station.inventory([emptySlot(1), emptySlot(2)]);
    // Another station is not held up by it.
    await other.heartbeat();
    await waitUntil(() => h.gateway.stats().messages.applied === applied + 1, 'the other heartbeat');
    await grace(300);
    expect(h.gateway.stats().messages.received).toBe(received + 2);

    release();
    await eventSent;
    await inventorySent;
    await waitUntil(() => h.gateway.stats().messages.received === received + 8, 'the rest read');
    await h.gateway.idle();
    expect(h.gateway.stats().messages).toMatchObject({ applied: applied + 8, failed: 0, rejected: 0 });
  });

  it('acknowledges a QoS 1 message only once its effects are committed', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const station = await helloed(h, 0);
    // Read before the hold: on SQLite the held unit keeps the one connection.
    const before = await h.fleet.stations.findStation(h.stations[0]!.id);
    const release = holdNext(h, 'applyEvent');
    let acknowledged = false;
    const sent = station.event({ type: 'power_lost' }).then(() => (acknowledged = true));
    await waitUntil(() => h.gateway.stats().messages.received >= 2, 'event received');
    await grace(300);
    // A crash now would lose nothing: the station has no PUBACK, so it keeps the event and sends it again.
    expect(acknowledged).toBe(false);

    release();
    await sent;
    // By the time the station holds its PUBACK, the event's effect is in the database.
    const after = await h.fleet.stations.findStation(h.stations[0]!.id);
    expect(before?.mains).not.toBe(false);
    expect(after?.mains).toBe(false);
  });
});

// On an external broker messages are not held per station, so these orderings are visible.
describe.skipIf(!mosquittoAvailable())('heartbeats and queued messages (Mosquitto)', () => {
  let h: GatewayHarness;
  afterEach(() => closeHarness(h));

  it('applies a heartbeat at once, even with an event of its station still waiting for the database', async () => {
    h = await startGatewayHarness({ broker: 'mosquitto' });
    const station = await helloed(h, 0);
    const release = holdNext(h, 'applyEvent');
    const { applied } = h.gateway.stats().messages;
    await station.event({ type: 'power_lost' });
    await station.heartbeat({ mains: false });
    await waitUntil(() => h.gateway.stats().messages.applied === applied + 1, 'heartbeat applied');
    expect(h.gateway.stats().messages.queued).toBe(1);
    release();
    await waitUntil(() => h.gateway.stats().messages.applied === applied + 2, 'event applied');
  });

  it('keeps a heartbeat behind a queued hello, which resets what the heartbeat builds on', async () => {
    h = await startGatewayHarness({ broker: 'mosquitto' });
    const station = await helloed(h, 0);
    const release = holdNext(h, 'applyHello');
    const { applied } = h.gateway.stats().messages;
    await station.hello([emptySlot(1), emptySlot(2)]);
    await station.heartbeat();
    await waitUntil(() => h.gateway.stats().messages.received >= 2, 'both received');
    await grace(300);
    expect(h.gateway.stats().messages).toMatchObject({ applied, queued: 2 });
    release();
    await waitUntil(() => h.gateway.stats().messages.applied === applied + 2, 'hello, then heartbeat');
  });
});

describe.skipIf(!mosquittoAvailable())('flow control on an external broker (Mosquitto)', () => {
  it('stops reading while too many messages wait, and resumes as they settle', async () => {
    const topics = new Topics(`cn-test-${randomBytes(5).toString('hex')}/v1`);
    const transport = new ExternalTransport({
      url: SERVERS.mosquitto,
      topics,
      logger: createLogger('silent'),
      shareGroup: `flow-${randomBytes(4).toString('hex')}`,
      maxUnsettled: 10,
    });
    const waiting: Array<() => void> = [];
    let received = 0;
    await transport.start({
      message: (_stationId, _kind, _payload, settled) => {
        received++;
        waiting.push(settled!);
      },
      heartbeat: () => undefined,
    });
    const station = await mqtt.connectAsync(SERVERS.mosquitto, { reconnectPeriod: 0 });
    try {
      const topic = topics.inbound('stn_flow', 'event');
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => station.publishAsync(topic, `{"n":${i}}`, { qos: 1 })),
      );
      await waitUntil(() => received >= 10, 'the first ten');
      await grace(300);
      expect(received).toBe(10);

      for (const settle of waiting.splice(0, 4)) settle();
      await grace(200);
      expect(received).toBe(10);
      for (const settle of waiting.splice(0)) settle();
      await waitUntil(() => received >= 15, 'reading resumed');
      // Settle as they come until all thirty are through.
      await waitUntil(() => {
        for (const settle of waiting.splice(0)) settle();
        return received === 30;
      }, 'all thirty');
    } finally {
      await station.endAsync();
      await transport.stop();
    }
  });
});
