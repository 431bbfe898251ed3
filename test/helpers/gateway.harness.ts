import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { startGateway, type Gateway } from '../../src/gateway/index.js';
import { Topics } from '../../src/gateway/protocol/topics.js';
import { TestClock } from '../../src/kernel/clock.js';
import { loadConfig, type Config } from '../../src/kernel/config.js';
import type { DialectName } from '../../src/kernel/db/index.js';
import { EventBus } from '../../src/kernel/events.js';
import { createLogger } from '../../src/kernel/logger.js';
import {
  createFleetModule,
  FLEET_EVENT_TYPES,
  type FleetEvents,
  type FleetModule,
} from '../../src/modules/fleet/index.js';
import { freshDatabase, mosquittoAvailable } from './db.js';
import { TestStation, type StationConnectOptions } from './gateway.stations.js';
import { SERVERS } from './servers.js';

/** `external` is a broker the suite started itself (e.g. an ACL'd Mosquitto), reached at `externalUrl`. */
export type BrokerKind = 'embedded' | 'mosquitto' | 'external';

/** The brokers the gateway suites run on: the embedded one always, the machine's Mosquitto when reachable. */
export function gatewayBrokers(): BrokerKind[] {
  return mosquittoAvailable() ? ['embedded', 'mosquitto'] : ['embedded'];
}

export interface RecordedEvent<K extends keyof FleetEvents = keyof FleetEvents> {
  type: K;
  payload: FleetEvents[K];
}

export interface GatewayHarness {
  broker: BrokerKind;
  gateway: Gateway;
  fleet: FleetModule;
  clock: TestClock;
  config: Config;
  bus: EventBus<FleetEvents>;
  events: RecordedEvent[];
  topics: Topics;
  /** Where stations connect. */
  url: string;
  siteId: string;
  /** Provisioned stations with their one-time secrets. */
  stations: Array<{ id: string; secret: string }>;
  /** Connects station `index` (or an explicit id/secret) over real MQTT. */
  connect(index: number, overrides?: Partial<StationConnectOptions>): Promise<TestStation>;
  /** Events of one type recorded so far. */
  eventsOf<K extends keyof FleetEvents>(type: K): Array<FleetEvents[K]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  broker: BrokerKind;
  dialect?: DialectName;
  stations?: number;
  slotCount?: number;
  env?: Record<string, string>;
  /** For broker `external`: where both the gateway and the stations connect. */
  externalUrl?: string;
  /** Defaults to a random prefix of the suite's own. */
  prefix?: string;
}

/**
 * A gateway on a fresh database with provisioned stations, over the embedded broker (port 0) or the
 * machine's Mosquitto, under a topic prefix of its own so suites never see each other's traffic.
 */
export async function startGatewayHarness(options: HarnessOptions): Promise<GatewayHarness> {
  const database = await freshDatabase(options.dialect ?? 'sqlite');
  const prefix = options.prefix ?? `cn-test-${randomBytes(5).toString('hex')}/v1`;
  const externalUrl = options.broker === 'external' ? options.externalUrl : SERVERS.mosquitto;
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    MQTT_BROKER_HOST: '127.0.0.1',
    MQTT_BROKER_PORT: '0',
    MQTT_TOPIC_PREFIX: prefix,
    GATEWAY_TICK_MS: '0',
    ...(options.broker !== 'embedded' ? { MQTT_URL: externalUrl } : {}),
    ...options.env,
  });
  const clock = new TestClock();
  const logger = createLogger('silent');
  const bus = new EventBus<FleetEvents>(logger);
  const events: RecordedEvent[] = [];
  for (const type of FLEET_EVENT_TYPES)
    bus.on(type, (payload) => void events.push({ type, payload } as RecordedEvent));
  const fleet = createFleetModule({ database, clock, config, bus, logger });

  const site = await fleet.provisioning.addSite({
    name: 'Test Café',
    address: '1 Test Street',
    city: 'London',
    country: 'GB',
    timeZone: 'Europe/London',
    lat: 51.5,
    lng: -0.12,
  });
  const stations: Array<{ id: string; secret: string }> = [];
  for (let i = 0; i < (options.stations ?? 2); i++) {
    const { station, secret } = await fleet.provisioning.addStation({
      siteId: site.id,
      slotCount: options.slotCount ?? 4,
    });
    stations.push({ id: station.id, secret });
  }

  const gateway = await startGateway({ config, fleet, bus, clock, logger });
  const url = options.broker === 'embedded' ? `mqtt://127.0.0.1:${gateway.brokerPort}` : externalUrl!;
  const topics = new Topics(prefix);
  const connected: TestStation[] = [];

  return {
    broker: options.broker,
    gateway,
    fleet,
    clock,
    config,
    bus,
    events,
    topics,
    url,
    siteId: site.id,
    stations,
    async connect(index, overrides = {}) {
      const creds = stations[index]!;
      const station = await TestStation.connect({
        url,
        prefix,
        clock,
        stationId: creds.id,
        secret: creds.secret,
        ...overrides,
      });
      connected.push(station);
      return station;
    },
    eventsOf(type) {
      return events.filter((e) => e.type === type).map((e) => e.payload) as never;
    },
    async close() {
      await Promise.all(connected.map((s) => s.end()));
      await gateway.stop();
      if (options.broker === 'mosquitto')
        await clearRetained(stations.map((s) => topics.inbound(s.id, 'status')));
      await database.drop();
    },
  };
}

/** Removes the retained status flags a suite left on the shared Mosquitto. */
async function clearRetained(topicsToClear: string[]): Promise<void> {
  const client = await mqtt.connectAsync(SERVERS.mosquitto, { reconnectPeriod: 0 }, false);
  await Promise.all(topicsToClear.map((t) => client.publishAsync(t, '', { qos: 1, retain: true })));
  await client.endAsync();
}
