import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIMULATOR_SITE } from '../../src/modules/fleet/index.js';
import { spawnChargenet, type RunningCli } from '../helpers/cli.process.js';
import { waitFor } from '../helpers/sim.helpers.js';

/** `chargenet serve` in one process and `chargenet simulate` in another, talking over real MQTT. */
const dir = mkdtempSync(join(tmpdir(), 'chargenet-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface NearItem {
  code: string;
  rentable: number;
}

describe('chargenet serve + chargenet simulate', () => {
  const running: RunningCli[] = [];
  afterAll(async () => {
    for (const r of running) await r.stop('SIGKILL');
  });

  it('provisions N bench stations, runs them against the server broker until Ctrl-C, then they go away', async () => {
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 'sim.db')}`,
      PORT: '0',
      MQTT_BROKER_HOST: '127.0.0.1',
      MQTT_BROKER_PORT: '0',
      AVAILABILITY_REFRESH_MS: '300',
      GATEWAY_TICK_MS: '300',
      LOG_LEVEL: 'info',
    };
    const serve = spawnChargenet(['serve'], env);
    running.push(serve);
    await serve.waitForOutput(/"msg":"chargenet started"/, 60_000);
    const startedLine = serve
      .output()
      .stdout.split('\n')
      .find((l) => l.includes('"msg":"chargenet started"'))!;
    const { http, mqtt } = JSON.parse(startedLine) as { http: string; mqtt: string };
    expect(mqtt).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);

    const sim = spawnChargenet(
      [
        'simulate',
        '--stations',
        '3',
        '--mqtt-url',
        mqtt,
        '--seed',
        '7',
        '--duplicates',
        '0.2',
        '--stats-every',
        '0',
      ],
      env,
    );
    running.push(sim);
    await sim.waitForOutput(/Simulating 3 stations against mqtt:\/\/127\.0\.0\.1:\d+ \(seed 7/, 60_000);

    const nearUrl = `${http}/v1/stations/near?lat=${SIMULATOR_SITE.lat}&lng=${SIMULATOR_SITE.lng}&radius_m=500`;
    const items = await waitFor(
      async () => {
        const body = (await (await fetch(nearUrl)).json()) as { items: NearItem[] };
        return body.items.length === 3 && body.items.every((i) => i.rentable > 0) ? body.items : undefined;
      },
      20_000,
      'three simulated bench stations online with power banks',
    );
    expect(items.map((i) => i.code).sort()).toEqual(['SIM0001', 'SIM0002', 'SIM0003']);

    expect(await sim.stop('SIGINT')).toBe(0);
    expect(sim.output().stdout).toMatch(/Stopped\. .*0\/3 connected/);
    // Their goodbye (retained status offline) takes them off the rider map at once.
    await waitFor(
      async () => ((await (await fetch(nearUrl)).json()) as { items: NearItem[] }).items.length === 0,
      10_000,
      'stations hidden after the simulator stopped',
    );
    expect(await serve.stop('SIGTERM')).toBe(0);
    expect(serve.output().stdout).toContain('"msg":"chargenet stopped"');
  }, 180_000);
});
