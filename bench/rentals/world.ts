import { randomBytes } from 'node:crypto';
import { createPlatform, type Platform } from '../../src/app/platform.js';
import { seedDemoPricing } from '../../src/app/seed.js';
import { stationBrokerUrl } from '../../src/app/simulation.js';
import { loadConfig } from '../../src/kernel/config.js';
import type { DialectName } from '../../src/kernel/db/index.js';
import { createLogger } from '../../src/kernel/logger.js';
import type { FleetStationSpec, InitialSlot } from '../../src/simulator/index.js';
import { freshDatabaseUrl } from '../../test/helpers/db.js';

/** Sizes and station behaviour of one bench world. */
export interface WorldSettings {
  stations: number;
  slotsPerStation: number;
  /** Slots stocked per station at power-on (the rest are free for returns). */
  stockedPerStation: number;
  riders: number;
  /** How long the simulated rider takes to pull the ejected power bank out, real ms. */
  takeDelayMs: [number, number];
  /** The simulated fleet's shared tick: the granularity of the take. */
  stationTickMs: number;
}

export interface BenchStation {
  id: string;
  code: string;
  /** Slot → power bank id, as the bench believes the station is stocked. */
  slots: (string | null)[];
}

/** What the load process needs to simulate the stations and riders of a bench world. */
export interface LoadSetup {
  settings: WorldSettings;
  baseUrl: string;
  brokerUrl: string;
  prefix: string;
  heartbeatSeconds: number;
  takeTimeoutSeconds: number;
  specs: FleetStationSpec[];
  stations: BenchStation[];
}

/**
 * The platform side of a bench world: the platform (all roles, embedded broker) on a fresh database,
 * with the stations and power banks provisioned. The stations and riders live in the load process.
 */
export interface BenchWorld {
  dialect: DialectName;
  platform: Platform;
  load: LoadSetup;
  /** Resolves once every station is online with its stocked power banks rentable. */
  stationsReady(): Promise<void>;
  /** The text of the latest message sent to `to` (the development outbox: the riders' sign-in codes). */
  latestMessage(to: string): Promise<string | undefined>;
  close(): Promise<void>;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function startBenchWorld(dialect: DialectName, settings: WorldSettings): Promise<BenchWorld> {
  const db = await freshDatabaseUrl(dialect);
  const prefix = `bench-${randomBytes(4).toString('hex')}/v1`;
  const config = loadConfig({
    DATABASE_URL: db.url,
    HOST: '127.0.0.1',
    PORT: '0',
    MQTT_BROKER_HOST: '127.0.0.1',
    MQTT_BROKER_PORT: '0',
    MQTT_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: randomBytes(16).toString('hex'),
    IDENTITY_TOKEN_SECRET: randomBytes(24).toString('hex'),
    // A whole bench run per dialect stays well inside one access token's life.
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    ...(process.env.BENCH_PLATFORM_ENV ? JSON.parse(process.env.BENCH_PLATFORM_ENV) : {}),
  });
  const platform = await createPlatform({ config, logger: createLogger('silent') });
  const baseUrl = (await platform.start()).http!;
  await seedDemoPricing({ database: platform.database, clock: platform.clock });

  const { provisioning } = platform.fleet;
  const stations: BenchStation[] = [];
  const specs: FleetStationSpec[] = [];
  const sites: string[] = [];
  for (let s = 0; s < Math.ceil(settings.stations / 8); s++) {
    const site = await provisioning.addSite({
      name: `Bench venue ${s + 1}`,
      address: `${s + 1} Bench Street`,
      city: 'London',
      country: 'GB',
      timeZone: 'Europe/London',
      lat: 51.5 + s * 0.001,
      lng: -0.12,
    });
    sites.push(site.id);
  }
  const banks: { id: string; healthPct: number }[] = [];
  for (let i = 0; i < settings.stations; i++) {
    const { station, secret } = await provisioning.addStation({
      siteId: sites[Math.floor(i / 8)]!,
      slotCount: settings.slotsPerStation,
    });
    const slots: InitialSlot[] = [];
    const mine: (string | null)[] = [];
    for (let slot = 1; slot <= settings.slotsPerStation; slot++) {
      if (slot <= settings.stockedPerStation) {
        const id = `pb_bench_${i}_${slot}`;
        banks.push({ id, healthPct: 95 });
        slots.push({ slot, powerBankId: id, batteryPct: 95, healthPct: 95 });
        mine.push(id);
      } else {
        slots.push({ slot, powerBankId: null });
        mine.push(null);
      }
    }
    stations.push({ id: station.id, code: station.code, slots: mine });
    specs.push({ stationId: station.id, secret, slotCount: settings.slotsPerStation, slots });
  }
  for (let i = 0; i < banks.length; i += 500) await provisioning.addPowerBanks(banks.slice(i, i + 500));

  const expected = settings.stockedPerStation;
  const outbox = platform.riders.identity.devOutbox;
  return {
    dialect,
    platform,
    load: {
      settings,
      baseUrl,
      brokerUrl: stationBrokerUrl(platform),
      prefix,
      heartbeatSeconds: config.HEARTBEAT_SECONDS,
      takeTimeoutSeconds: config.TAKE_TIMEOUT_SECONDS,
      specs,
      stations,
    },
    stationsReady: () =>
      until(
        async () => {
          for (const s of stations) {
            const found = await platform.fleet.stations.findStation(s.id);
            if (found?.connectivity !== 'online') return false;
          }
          for (const s of stations) {
            const slots = await platform.fleet.availability.slotDetails(s.id);
            if (slots.filter((x) => x.rentable).length !== expected) return false;
          }
          return true;
        },
        120_000,
        `${stations.length} stations online with ${expected} rentable power banks each`,
      ),
    latestMessage: async (to) => (await outbox.latest(to))?.body,
    async close() {
      await platform.stop();
      await db.drop();
    },
  };
}
