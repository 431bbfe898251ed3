import { randomBytes } from 'node:crypto';
import { createPlatform, type Platform } from '../../src/app/platform.js';
import { seedDemoPricing } from '../../src/app/seed.js';
import { stationBrokerUrl } from '../../src/app/simulation.js';
import { TestClock, type Clock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/kernel/config.js';
import type { DialectName } from '../../src/kernel/db/index.js';
import { createLogger } from '../../src/kernel/logger.js';
import { SimulatedStation, type InitialSlot } from '../../src/simulator/index.js';
import { freshDatabaseUrl } from './db.js';
import { TestStation, bankSlot, emptySlot } from './gateway.stations.js';
import { waitFor } from './sim.helpers.js';
import { TEST_ADMIN_TOKEN } from './http-app.js';

/**
 * A whole platform (HTTP, embedded MQTT broker, gateway, worker) on a fresh database of the dialect,
 * with the demo prices, and helpers to add stations simulated over real MQTT and riders over real HTTP.
 */
export interface RentalWorld {
  platform: Platform;
  baseUrl: string;
  prefix: string;
  /** Adds a site in `country` with one station of `slotCount` slots, stocks it and connects it over MQTT. */
  addStation(input: StationInput): Promise<WorldStation>;
  /**
   * Adds a station driven by the test itself (TestStation: it says only what the test tells it to), in
   * a world started with a TestClock. It is connected and has said hello with its power banks.
   */
  addManualStation(input: StationInput): Promise<ManualStation>;
  /** Signs a rider up through the API (one-time code read from the development outbox). */
  signUp(input?: RiderInput): Promise<WorldRider>;
  /** Real HTTP to the platform. */
  http(method: string, path: string, init?: HttpInit): Promise<HttpResult>;
  close(): Promise<void>;
  /** Restarts the platform process-alike on the same database (stations reconnect by themselves). */
  restart(): Promise<void>;
}

export interface StationInput {
  country: string;
  slotCount?: number;
  /** Slots with a power bank; the rest are empty. Power banks are registered in the fleet. */
  banks?: Array<{ slot: number; powerBankId: string; batteryPct?: number }>;
  takeProbability?: number;
  takeDelayMs?: [number, number];
  ejectFailureRate?: number;
}

export interface WorldStation {
  id: string;
  code: string;
  sim: SimulatedStation;
}

export interface ManualStation {
  id: string;
  code: string;
  station: TestStation;
  /** Connects again as the station (after a restart of the platform) and says hello. */
  reconnect(): Promise<TestStation>;
}

export interface RiderInput {
  email?: string;
  country?: string;
  currency?: string;
  locale?: string;
}

export interface WorldRider {
  riderId: string;
  accessToken: string;
  refreshToken: string;
  auth: Record<string, string>;
}

export interface HttpInit {
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read whatever came back
  json: any;
}

const CITY: Record<string, { city: string; timeZone: string; lat: number; lng: number }> = {
  GB: { city: 'London', timeZone: 'Europe/London', lat: 51.5, lng: -0.12 },
  FR: { city: 'Paris', timeZone: 'Europe/Paris', lat: 48.85, lng: 2.35 },
  JP: { city: 'Tokyo', timeZone: 'Asia/Tokyo', lat: 35.68, lng: 139.76 },
  US: { city: 'New York', timeZone: 'America/New_York', lat: 40.71, lng: -74 },
  DE: { city: 'Berlin', timeZone: 'Europe/Berlin', lat: 52.52, lng: 13.4 },
};

export async function startRentalWorld(
  dialect: DialectName,
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<RentalWorld> {
  const db = await freshDatabaseUrl(dialect);
  const prefix = `cn-test-${randomBytes(5).toString('hex')}/v1`;
  const config = loadConfig({
    DATABASE_URL: db.url,
    HOST: '127.0.0.1',
    PORT: '0',
    MQTT_BROKER_HOST: '127.0.0.1',
    MQTT_BROKER_PORT: '0',
    MQTT_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    IDENTITY_TOKEN_SECRET: 'test-identity-secret-0123456789abcdefghij',
    GATEWAY_TICK_MS: '200',
    RENTAL_SWEEP_MS: '0',
    AVAILABILITY_REFRESH_MS: '200',
    ...options.env,
  });
  const logger = createLogger(process.env.WORLD_LOG_LEVEL === 'debug' ? 'debug' : 'silent');
  let platform = await createPlatform({ config, logger, ...(options.clock ? { clock: options.clock } : {}) });
  let baseUrl = (await platform.start()).http!;
  await seedDemoPricing({ database: platform.database, clock: platform.clock });
  const stations: WorldStation[] = [];
  const manuals: ManualStation[] = [];
  let n = 0;

  const http = async (method: string, path: string, init: HttpInit = {}): Promise<HttpResult> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };

  /** A site in the input's country with one station, its power banks registered in the fleet. */
  const provision = async (input: StationInput) => {
    n += 1;
    const place = CITY[input.country] ?? CITY.GB!;
    const site = await platform.fleet.provisioning.addSite({
      name: `Venue ${n}`,
      address: `${n} Test Street`,
      country: input.country,
      ...place,
    });
    const slotCount = input.slotCount ?? 4;
    const { station, secret } = await platform.fleet.provisioning.addStation({ siteId: site.id, slotCount });
    const banks = input.banks ?? [];
    if (banks.length > 0) {
      await platform.fleet.provisioning.addPowerBanks(
        banks.map((b) => ({ id: b.powerBankId, healthPct: 95 })),
      );
    }
    return { station, secret, slotCount, banks };
  };

  const world: RentalWorld = {
    get platform() {
      return platform;
    },
    get baseUrl() {
      return baseUrl;
    },
    prefix,
    http,
    async addStation(input) {
      const { station, secret, slotCount, banks } = await provision(input);
      const slots: InitialSlot[] = Array.from({ length: slotCount }, (_, i) => {
        const bank = banks.find((b) => b.slot === i + 1);
        return bank
          ? { slot: i + 1, powerBankId: bank.powerBankId, batteryPct: bank.batteryPct ?? 95, healthPct: 95 }
          : { slot: i + 1, powerBankId: null };
      });
      const sim = new SimulatedStation({
        stationId: station.id,
        secret,
        url: stationBrokerUrl(platform),
        prefix,
        slotCount,
        slots,
        seed: n,
        ...(options.clock ? { clock: options.clock } : {}),
        takeProbability: input.takeProbability ?? 1,
        takeDelayMs: input.takeDelayMs ?? [20, 40],
        ejectFailureRate: input.ejectFailureRate ?? 0,
        duplicateRate: 0,
        faultRate: 0,
        offlineRate: 0,
        tickMs: 25,
        reconnectPeriodMs: 100,
      });
      await sim.start();
      const rentable = banks.length;
      await waitFor(
        async () => {
          const s = await platform.fleet.stations.findStation(station.id);
          const slotsNow = await platform.fleet.availability.slotDetails(station.id);
          return s?.connectivity === 'online' && slotsNow.filter((x) => x.rentable).length === rentable;
        },
        10_000,
        `station ${station.code} online with ${rentable} rentable power banks`,
      );
      const ws = { id: station.id, code: station.code, sim };
      stations.push(ws);
      return ws;
    },
    async addManualStation(input) {
      if (!(options.clock instanceof TestClock))
        throw new Error('addManualStation needs a world with a TestClock');
      const clock = options.clock;
      const { station, secret, slotCount, banks } = await provision(input);
      const slots = Array.from({ length: slotCount }, (_, i) => {
        const bank = banks.find((b) => b.slot === i + 1);
        return bank ? bankSlot(i + 1, bank.powerBankId, bank.batteryPct ?? 95) : emptySlot(i + 1);
      });
      const connect = async () => {
        const ts = await TestStation.connect({
          url: stationBrokerUrl(platform),
          prefix,
          clock,
          stationId: station.id,
          secret,
        });
        await ts.hello(slots);
        return ts;
      };
      const manual: ManualStation = {
        id: station.id,
        code: station.code,
        station: await connect(),
        async reconnect() {
          manual.station = await connect();
          return manual.station;
        },
      };
      manuals.push(manual);
      await waitFor(
        async () => {
          const s = await platform.fleet.stations.findStation(station.id);
          const now = await platform.fleet.availability.slotDetails(station.id);
          return s?.connectivity === 'online' && now.filter((x) => x.rentable).length === banks.length;
        },
        10_000,
        `station ${station.code} online`,
      );
      return manual;
    },
    async signUp(input = {}) {
      const email = input.email ?? `rider-${randomBytes(4).toString('hex')}@example.test`;
      const lang = { 'accept-language': input.locale ?? 'en-GB' };
      const asked = await http('POST', '/v1/auth/codes', { body: { email }, headers: lang });
      if (asked.status !== 202) throw new Error(`code request failed: ${asked.status} ${asked.text}`);
      const message = await platform.riders.identity.devOutbox.latest(email);
      const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
      if (!code) throw new Error(`no login code in the outbox for ${email}`);
      const signed = await http('POST', '/v1/auth/tokens', {
        body: { email, code, country: input.country ?? 'GB', currency: input.currency ?? 'GBP' },
        headers: lang,
      });
      if (signed.status !== 200) throw new Error(`sign-in failed: ${signed.status} ${signed.text}`);
      const { accessToken, refreshToken, rider } = signed.json as {
        accessToken: string;
        refreshToken: string;
        rider: { id: string };
      };
      return {
        riderId: rider.id,
        accessToken,
        refreshToken,
        auth: { authorization: `Bearer ${accessToken}` },
      };
    },
    async restart() {
      // Same ports, so the simulated stations find the broker again when they reconnect.
      const again = {
        ...config,
        MQTT_BROKER_PORT: platform.gateway!.brokerPort!,
        PORT: Number(new URL(baseUrl).port),
      };
      await platform.stop();
      platform = await createPlatform({
        config: again,
        logger,
        ...(options.clock ? { clock: options.clock } : {}),
      });
      baseUrl = (await platform.start()).http!;
    },
    async close() {
      await Promise.all(stations.map((s) => s.sim.stop()));
      await Promise.all(manuals.map((m) => m.station.end()));
      await platform.stop();
      await db.drop();
    },
  };
  return world;
}
