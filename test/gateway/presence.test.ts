import { afterEach, describe, expect, it } from 'vitest';
import { gatewayBrokers, startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';
import { emptySlot, waitUntil } from '../helpers/gateway.stations.js';

async function connectivity(h: GatewayHarness, stationId: string): Promise<string | undefined> {
  return (await h.fleet.stations.findStation(stationId))?.connectivity;
}

describe.each(gatewayBrokers())('presence (%s broker)', (broker) => {
  let h: GatewayHarness;
  afterEach(async () => h?.close());

  it('coalesces heartbeats in memory and writes them on tick', async () => {
    h = await startGatewayHarness({ broker });
    const station = await h.connect(0);
    await station.heartbeat({ signal: 10 });
    await waitUntil(
      async () => (await connectivity(h, station.id)) === 'online',
      'online on first heartbeat',
    );
    const firstSeen = (await h.fleet.stations.findStation(station.id))?.lastSeenAt;
    expect(firstSeen).toBe(h.clock.now().toISOString());

    for (let i = 0; i < 5; i++) {
      h.clock.advance(30_000);
      const processed = h.gateway.stats().processed;
      await station.heartbeat({ signal: 11 + i, tempC: 30 + i });
      await waitUntil(() => h.gateway.stats().processed > processed, 'heartbeat processed');
    }
    // Five heartbeats, no write yet.
    expect((await h.fleet.stations.findStation(station.id))?.lastSeenAt).toBe(firstSeen);

    await h.gateway.tick();
    expect(await h.fleet.stations.findStation(station.id)).toMatchObject({
      lastSeenAt: h.clock.now().toISOString(),
      signal: 15,
      tempC: 34,
      mains: true,
    });
    expect(h.gateway.stats().presence).toMatchObject({ flushes: 1, stationsFlushed: 1 });
  });

  it('marks a station offline after 3 missed heartbeats, and online again on its next message', async () => {
    h = await startGatewayHarness({ broker });
    const station = await h.connect(0);
    const other = await h.connect(1);
    await station.hello([emptySlot(1), emptySlot(2), emptySlot(3), emptySlot(4)]);
    await other.heartbeat();
    await waitUntil(async () => (await connectivity(h, other.id)) === 'online', 'both online');
    await waitUntil(async () => (await connectivity(h, station.id)) === 'online', 'both online');
    await h.gateway.tick();

    const silence = h.config.OFFLINE_AFTER_MISSED_HEARTBEATS * h.config.HEARTBEAT_SECONDS * 1000;
    h.clock.advance(silence - 1000);
    const processed = h.gateway.stats().processed;
    await other.heartbeat();
    await waitUntil(() => h.gateway.stats().processed > processed, 'other heartbeat');
    await h.gateway.tick();
    expect(await connectivity(h, station.id)).toBe('online');

    h.clock.advance(2000);
    await h.gateway.tick();
    expect(await connectivity(h, station.id)).toBe('offline');
    expect(await connectivity(h, other.id)).toBe('online');
    expect(
      h.eventsOf('fleet.station.connectivity_changed').filter((e) => e.stationId === station.id),
    ).toEqual([expect.objectContaining({ online: true }), expect.objectContaining({ online: false })]);

    // No tick needed: the next message brings it back at once.
    await station.heartbeat();
    await waitUntil(async () => (await connectivity(h, station.id)) === 'online', 'back online');
    expect(
      h.eventsOf('fleet.station.connectivity_changed').filter((e) => e.stationId === station.id),
    ).toHaveLength(3);
  });

  it('marks a station offline when its connection dies and the broker publishes its last will', async () => {
    h = await startGatewayHarness({ broker });
    const station = await h.connect(0);
    await station.status(true);
    await waitUntil(async () => (await connectivity(h, station.id)) === 'online', 'online');
    if (broker === 'embedded') expect(h.gateway.stats().connectedStations).toBe(1);

    station.client.stream.destroy();
    await waitUntil(async () => (await connectivity(h, station.id)) === 'offline', 'offline by last will');
    expect(h.gateway.stats().stationsOnline).toBe(0);
  });
});
