import { afterEach, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../../src/app/platform.js';
import { loadConfig } from '../../src/kernel/config.js';
import { createLogger } from '../../src/kernel/logger.js';
import { SimulatedStation } from '../../src/simulator/index.js';
import { waitFor } from '../helpers/sim.helpers.js';

/** The composition root builds only what the configured roles ask for, and tears it all down once. */
const base = {
  DATABASE_URL: 'sqlite::memory:',
  HOST: '127.0.0.1',
  PORT: '0',
  MQTT_BROKER_HOST: '127.0.0.1',
  MQTT_BROKER_PORT: '0',
};
const platforms: Platform[] = [];
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.stop();
});

async function platformWith(roles: string): Promise<Platform> {
  const platform = await createPlatform({
    config: loadConfig({ ...base, ROLES: roles }),
    logger: createLogger('silent'),
  });
  platforms.push(platform);
  return platform;
}

describe('createPlatform', () => {
  it('with every role: HTTP and the broker listen, readiness covers the broker, stop() twice is fine', async () => {
    const platform = await platformWith('api,gateway,worker');
    const urls = await platform.start();
    expect(urls.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(urls.docs).toBe(`${urls.http}/docs`);
    expect(urls.mqtt).toBe(`mqtt://127.0.0.1:${platform.gateway!.brokerPort}`);
    const ready = await fetch(`${urls.http}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, broker: true } });

    await platform.stop();
    await platform.stop();
    await expect(fetch(`${urls.http}/health/live`)).rejects.toThrow();
  });

  it('with the api role only: HTTP, no gateway, no broker', async () => {
    const platform = await platformWith('api');
    const urls = await platform.start();
    expect(platform.gateway).toBeUndefined();
    expect(urls.mqtt).toBeUndefined();
    expect((await fetch(`${urls.http}/health/live`)).status).toBe(200);
  });

  it('with the gateway role only: stations authenticate against the embedded broker and come online', async () => {
    const platform = await platformWith('gateway');
    const urls = await platform.start();
    expect(platform.http).toBeUndefined();
    expect(urls.http).toBeUndefined();
    const site = await platform.fleet.provisioning.addSite({
      name: 'Gateway-only test',
      address: '1 Test Road',
      city: 'London',
      country: 'GB',
      timeZone: 'Europe/London',
      lat: 51.5,
      lng: -0.1,
    });
    const { station, secret } = await platform.fleet.provisioning.addStation({
      siteId: site.id,
      slotCount: 4,
    });

    const impostor = new SimulatedStation({
      stationId: station.id,
      secret: 'not-the-secret',
      url: urls.mqtt!,
      slotCount: 4,
      tickMs: 0,
      reconnectPeriodMs: 0,
    });
    await expect(impostor.start()).rejects.toThrow(/refused/);

    const real = new SimulatedStation({
      stationId: station.id,
      secret,
      url: urls.mqtt!,
      slotCount: 4,
      tickMs: 0,
    });
    await real.start();
    try {
      await waitFor(
        async () => (await platform.fleet.stations.findStation(station.id))?.connectivity === 'online',
        5000,
        'station online',
      );
    } finally {
      await real.stop();
    }
  });

  it('fails with the listen error when the broker port is taken', async () => {
    const first = await platformWith('gateway');
    const taken = first.gateway!.brokerPort!;
    await expect(
      createPlatform({
        config: loadConfig({ ...base, ROLES: 'gateway', MQTT_BROKER_PORT: String(taken) }),
        logger: createLogger('silent'),
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
