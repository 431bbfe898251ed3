import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoRun } from '../../src/app/demo.js';
import { loadConfig } from '../../src/kernel/config.js';
import { createLogger } from '../../src/kernel/logger.js';
import { DEMO_NEAR } from '../../src/modules/fleet/index.js';
import { spawnChargenet } from '../helpers/cli.process.js';
import { waitFor } from '../helpers/sim.helpers.js';

/**
 * `npm start` end to end: the platform with embedded defaults on a temp SQLite file, ports 0, the demo
 * network seeded and simulated in-process; what a rider's app sees over HTTP follows the simulator.
 */
const dir = mkdtempSync(join(tmpdir(), 'chargenet-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface NearItem {
  stationId: string;
  code: string;
  rentable: number;
  returnSlots: number;
}

async function near(base: string): Promise<NearItem[]> {
  const res = await fetch(
    `${base}/v1/stations/near?lat=${DEMO_NEAR.lat}&lng=${DEMO_NEAR.lng}&radius_m=${DEMO_NEAR.radiusM}`,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: NearItem[] }).items;
}

/** An in-process demo on its own SQLite file and free ports, refreshing fast enough for a test. */
const demoConfig = (file: string) =>
  loadConfig({
    DATABASE_URL: `sqlite:${join(dir, file)}`,
    HOST: '127.0.0.1',
    PORT: '0',
    MQTT_BROKER_HOST: '127.0.0.1',
    MQTT_BROKER_PORT: '0',
    AVAILABILITY_REFRESH_MS: '200',
    GATEWAY_TICK_MS: '200',
  });

const byCode = async (base: string, code: string) => (await near(base)).find((i) => i.code === code);

describe('the demo platform in-process (startDemo)', () => {
  let demo: DemoRun | undefined;
  afterAll(() => demo?.stop());

  it('lists seeded stations whose counts become > 0 and follow what the simulated stations report', async () => {
    const config = demoConfig('inproc.db');
    // Real time at scale 1: nothing charges noticeably during the test, so every change below is ours.
    demo = await startDemo({
      config,
      logger: createLogger('silent'),
      simulation: { timeScale: 1, tickMs: 0, faultRate: 0, offlineRate: 0 },
      riders: false,
    });
    const base = demo.urls.http!;
    expect(demo.seeded?.stations.created).toBeGreaterThanOrEqual(25);
    expect(demo.adminToken.generated).toBe(true);

    const first = await waitFor(
      async () => {
        const item = await byCode(base, 'LDN001');
        return item && item.rentable > 0 ? item : undefined;
      },
      20_000,
      'LDN001 rentable > 0',
    );
    expect((await near(base)).map((i) => i.code)).toEqual(
      expect.arrayContaining(['LDN001', 'LDN002', 'LDN003', 'LDN010', 'LDN011']),
    );

    // A rider returns a charged power bank: one more to rent, one fewer free slot.
    const station = demo.fleet!.get(first.stationId)!;
    const free = station.model.slotReports().find((s) => s.state === 'empty')!;
    await demo.platform.fleet.provisioning.addPowerBanks([
      { id: 'PB-DEMO-RETURN', batteryPct: 100, healthPct: 96 },
    ]);
    await station.returnBank(free.slot, 'PB-DEMO-RETURN', { batteryPct: 100, healthPct: 96 });
    const afterReturn = await waitFor(
      async () => {
        const item = await byCode(base, 'LDN001');
        return item && item.rentable === first.rentable + 1 ? item : undefined;
      },
      10_000,
      'rentable + 1 after a return',
    );
    expect(afterReturn.returnSlots).toBe(first.returnSlots - 1);

    // That slot's lock jams: its power bank can no longer be rented.
    await station.faultSlot(free.slot, 'LOCK', Date.now() + 3_600_000);
    await waitFor(
      async () => (await byCode(base, 'LDN001'))?.rentable === first.rentable,
      10_000,
      'rentable back',
    );

    // The station loses its connection: riders no longer see it.
    station.goOffline();
    await waitFor(async () => (await byCode(base, 'LDN001')) === undefined, 10_000, 'offline station hidden');
  });
});

describe('chargenet start (what npm start runs)', () => {
  it('seeds, simulates, prints the URLs and a one-time admin token, serves them, and stops cleanly on Ctrl-C', async () => {
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 'start.db')}`,
      PORT: '0',
      MQTT_BROKER_PORT: '0',
      MQTT_BROKER_HOST: '127.0.0.1',
      AVAILABILITY_REFRESH_MS: '500',
    };
    const run = spawnChargenet(['start'], env);
    try {
      await run.waitForOutput(/Press Ctrl-C to stop/, 90_000);
      const { stdout } = run.output();
      expect(stdout).toMatch(/Seeded the demo network: \d+ stations at \d+ sites in 7 cities/);
      const api = stdout.match(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)![1]!;
      expect(stdout).toContain(`${api}/docs`);
      expect(stdout).toContain(`${api}/gbfs/gbfs.json`);
      expect(stdout).toMatch(/MQTT broker\s+mqtt:\/\/127\.0\.0\.1:\d+/);
      const token = stdout.match(/Admin token\s+(\S+)/)![1]!;

      await waitFor(async () => (await near(api)).some((i) => i.rentable > 0), 30_000, 'rentable stations');
      const ops = await fetch(`${api}/v1/ops/alerts`, { headers: { authorization: `Bearer ${token}` } });
      expect(ops.status).toBe(200);
      expect((await fetch(`${api}/v1/ops/alerts`)).status).toBe(401);
      expect((await fetch(`${api}/gbfs/gbfs.json`)).status).toBe(200);

      expect(await run.stop('SIGINT')).toBe(0);
      const all = run.output().stdout + run.output().stderr;
      expect(all).toMatch(/Stopping…\nStopped\./);
      // Printed once, in the banner; no log line carries it.
      expect(all.split(token).length - 1).toBe(1);
    } finally {
      await run.stop('SIGKILL');
    }

    // Second start on the same database: nothing re-seeded, the demo stations simulated again.
    const again = spawnChargenet(['start'], env);
    try {
      await again.waitForOutput(/Press Ctrl-C to stop/, 90_000);
      expect(again.output().stdout).not.toContain('Seeded');
      expect(again.output().stdout).toMatch(/Simulating \d+ stations/);
      expect(await again.stop('SIGTERM')).toBe(0);
    } finally {
      await again.stop('SIGKILL');
    }
  }, 240_000);
});

describe('the demo platform with its simulated riders', () => {
  let demo: DemoRun | undefined;
  afterAll(() => demo?.stop());

  it('shows rentals and money moving: riders rent, return elsewhere and pay within seconds', async () => {
    const config = demoConfig('riders.db');
    demo = await startDemo({
      config,
      logger: createLogger('silent'),
      simulation: { timeScale: 1, tickMs: 50, faultRate: 0, offlineRate: 0, duplicateRate: 0 },
      riders: { riders: 3, keepMs: [300, 600], pauseMs: [200, 400], seed: 7 },
    });
    const riders = demo.riders!;
    await waitFor(() => riders.completed() >= 3, 45_000, 'three rentals returned and paid');
    const payments = await demo.platform.database.db
      .selectFrom('payments_payments')
      .select(['status', 'captured_amount', 'currency'])
      .where('status', '=', 'captured')
      .execute();
    expect(payments.length).toBeGreaterThanOrEqual(3);
    expect(payments.every((p) => Number(p.captured_amount) > 0)).toBe(true);
  }, 90_000);
});
