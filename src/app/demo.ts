import type { Clock } from '../kernel/clock.js';
import type { Config } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import { generateSecret } from '../kernel/secrets.js';
import { isFleetEmpty, prepareDemoStations } from '../modules/fleet/index.js';
import type { SimulatedFleet } from '../simulator/index.js';
import { createPlatform, type Platform, type PlatformUrls } from './platform.js';
import { seedDemoData, seedDemoPricing, type DemoSeedReport } from './seed.js';
import { simulateStations, type SimulationSettings } from './simulation.js';
import {
  DEMO_RIDERS,
  simulateRiders,
  type RiderSimulation,
  type RiderSimulationSettings,
} from './rider-simulation.js';

/**
 * What `npm start` runs: the whole platform in one process with embedded defaults, the demo network
 * seeded on an empty database, and every demo station simulated in-process.
 */
export interface DemoOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Run the simulated fleet (default true). */
  simulate?: boolean;
  simulation?: SimulationSettings;
  /** Simulated riders renting and returning (default DEMO_RIDERS; `false` for none). */
  riders?: RiderSimulationSettings | false;
}

export interface DemoRun {
  platform: Platform;
  urls: PlatformUrls;
  /** The admin token: generated for this run when ADMIN_TOKEN is not configured. */
  adminToken: { value: string; generated: boolean };
  /** What seeding created, when the database was empty. */
  seeded?: DemoSeedReport;
  fleet?: SimulatedFleet;
  riders?: RiderSimulation;
  stop(): Promise<void>;
}

/** Demo pace: one real second is a simulated minute, so banks visibly charge and inventories flow every 20 s. */
export const DEMO_SIMULATION: SimulationSettings = {
  timeScale: 60,
  faultRate: 0.005,
  offlineRate: 0.02,
  duplicateRate: 0.01,
};

/** Brings the demo up; stop() takes it down in reverse order. */
export async function startDemo(options: DemoOptions): Promise<DemoRun> {
  const generated = options.config.ADMIN_TOKEN === undefined;
  const adminToken = { value: options.config.ADMIN_TOKEN ?? generateSecret(), generated };
  // Rider tokens of a demo run only need to outlive the run: a made-up signing key keeps the log quiet.
  const config: Config = {
    ...options.config,
    ADMIN_TOKEN: adminToken.value,
    IDENTITY_TOKEN_SECRET: options.config.IDENTITY_TOKEN_SECRET ?? generateSecret(),
  };
  const platform = await createPlatform({ config, clock: options.clock, logger: options.logger });
  let fleet: SimulatedFleet | undefined;
  let riders: RiderSimulation | undefined;
  const stop = async () => {
    await riders?.stop();
    await fleet?.stop();
    await platform.stop();
  };
  try {
    const deps = { fleet: platform.fleet, database: platform.database, clock: platform.clock };
    const seeded = (await isFleetEmpty(deps)) ? await seedDemoData(deps) : undefined;
    // A database from before prices existed gets them too; seeding is idempotent.
    if (!seeded) await seedDemoPricing(deps);
    const urls = await platform.start();
    if (options.simulate !== false && platform.gateway) {
      const plans = await prepareDemoStations(deps);
      fleet = await simulateStations(platform, plans, { ...DEMO_SIMULATION, ...options.simulation });
      if (options.riders !== false && urls.http) {
        riders = simulateRiders(platform, fleet, urls.http, options.riders ?? DEMO_RIDERS, platform.logger);
      }
    }
    return { platform, urls, adminToken, seeded, fleet, ...(riders ? { riders } : {}), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
