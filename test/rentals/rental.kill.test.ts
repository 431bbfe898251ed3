import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../../src/app/migrations.js';
import { seedDemoPricing } from '../../src/app/seed.js';
import { TestClock, systemClock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/kernel/config.js';
import { connectDatabase, migrateToLatest, type Database } from '../../src/kernel/db/index.js';
import { EventBus } from '../../src/kernel/events.js';
import { createLogger } from '../../src/kernel/logger.js';
import { createFleetModule } from '../../src/modules/fleet/index.js';
import { DevOutbox } from '../../src/modules/identity/index.js';
import { spawnChargenet, type RunningCli } from '../helpers/cli.process.js';
import { TestStation, bankSlot, emptySlot } from '../helpers/gateway.stations.js';
import { waitFor } from '../helpers/sim.helpers.js';

/**
 * `chargenet serve` as a real process, killed with SIGKILL after it sent two ejects and before either
 * station answered, then started again on the same database. One station did hand its power bank
 * out (it says so once the platform is back), the other never did. Whatever happened, each rental
 * ends up in exactly one state and nobody is charged twice.
 */
const dir = mkdtempSync(join(tmpdir(), 'chargenet-kill-'));
const PREFIX = 'cn-kill/v1';

describe('a platform killed between eject and result', () => {
  const env: Record<string, string> = {
    DATABASE_URL: `sqlite:${join(dir, 'kill.db')}`,
    HOST: '127.0.0.1',
    PORT: '0',
    MQTT_BROKER_HOST: '127.0.0.1',
    MQTT_BROKER_PORT: '0',
    MQTT_TOPIC_PREFIX: PREFIX,
    GATEWAY_TICK_MS: '200',
    COMMAND_RESULT_TIMEOUT_SECONDS: '3',
    RENTAL_SWEEP_MS: '500',
    IDENTITY_TOKEN_SECRET: 'kill-test-identity-secret-0123456789abcdef',
    LOG_LEVEL: 'info',
  };
  let database: Database;
  let server: RunningCli | undefined;
  let http = '';
  let mqtt = '';
  const stations: Array<{ id: string; secret: string; bank: string }> = [];
  const clock = new TestClock(Date.now());

  async function serve(): Promise<void> {
    server = spawnChargenet(['serve'], env);
    await server.waitForOutput(/"msg":"chargenet started"/, 60_000);
    const line = server
      .output()
      .stdout.split('\n')
      .find((l) => l.includes('"msg":"chargenet started"'))!;
    ({ http, mqtt } = JSON.parse(line) as { http: string; mqtt: string });
    // The restart must come back where riders and stations know to find it.
    env.PORT = new URL(http).port;
    env.MQTT_BROKER_PORT = new URL(mqtt).port;
  }

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${http}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read whatever came back
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
  };

  async function riderWithCard(email: string): Promise<string> {
    await call('POST', '/v1/auth/codes', { email });
    const message = await new DevOutbox(database, systemClock).latest(email);
    const code = /\b(\d{6})\b/.exec(message?.body ?? '')![1];
    const signed = await call('POST', '/v1/auth/tokens', { email, code });
    const token = signed.json.accessToken as string;
    expect((await call('POST', '/v1/me/cards', { testCard: '4242424242424242' }, token)).status).toBe(201);
    return token;
  }

  const connect = async (s: { id: string; secret: string; bank: string }, holding: boolean) => {
    clock.set(Date.now());
    const station = await TestStation.connect({
      url: mqtt,
      prefix: PREFIX,
      clock,
      stationId: s.id,
      secret: s.secret,
    });
    await station.hello([holding ? bankSlot(1, s.bank) : emptySlot(1), emptySlot(2)]);
    return station;
  };

  beforeAll(async () => {
    database = connectDatabase(env.DATABASE_URL!, 1);
    await migrateToLatest(database, ...allMigrations);
    const logger = createLogger('silent');
    const fleet = createFleetModule({
      database,
      clock: systemClock,
      config: loadConfig({ DATABASE_URL: env.DATABASE_URL }),
      bus: new EventBus(logger),
      logger,
    });
    await seedDemoPricing({ database, clock: systemClock });
    const site = await fleet.provisioning.addSite({
      name: 'The Crown',
      address: '1 High St',
      city: 'London',
      country: 'GB',
      timeZone: 'Europe/London',
      lat: 51.5,
      lng: -0.1,
    });
    for (const bank of ['pb_kill_left', 'pb_kill_stayed']) {
      const { station, secret } = await fleet.provisioning.addStation({ siteId: site.id, slotCount: 2 });
      await fleet.provisioning.addPowerBanks([{ id: bank, healthPct: 95 }]);
      stations.push({ id: station.id, secret, bank });
    }
    await serve();
  }, 90_000);
  afterAll(async () => {
    // KILL_TEST_LOG=1 shows what the server logged, for when this test fails.
    if (process.env.KILL_TEST_LOG) console.log(server?.output().stdout, server?.output().stderr);
    await server?.stop('SIGKILL');
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends up active where the power bank left and cancelled with the hold released where it did not', async () => {
    const [left, stayed] = stations as [(typeof stations)[0], (typeof stations)[0]];
    let leftStation = await connect(left, true);
    let stayedStation = await connect(stayed, true);
    await waitFor(
      async () =>
        (await call('GET', `/v1/stations/${left.id}`)).json?.rentable === 1 &&
        (await call('GET', `/v1/stations/${stayed.id}`)).json?.rentable === 1,
      15_000,
      'both stations online with a rentable power bank',
    );
    const ada = await riderWithCard('ada@example.test');
    const bob = await riderWithCard('bob@example.test');
    const rentA = await call('POST', '/v1/rentals', { stationId: left.id }, ada);
    const rentB = await call('POST', '/v1/rentals', { stationId: stayed.id }, bob);
    expect([rentA.json.status, rentB.json.status]).toEqual(['ejecting', 'ejecting']);
    const ejectA = await waitFor(() => leftStation.commands[0], 5_000, 'the eject at the first station');
    await waitFor(() => stayedStation.commands[0], 5_000, 'the eject at the second station');

    expect(await server!.stop('SIGKILL')).toBeNull();
    await Promise.all([leftStation.end(), stayedStation.end()]);
    await serve();

    // The first station did release its power bank while the platform was down, and now says so.
    leftStation = await connect(left, false);
    await leftStation.result(ejectA.commandId as string, 'ok', { slot: 1, powerBankId: left.bank });
    await leftStation.event({
      type: 'bank_removed',
      slot: 1,
      powerBankId: left.bank,
      commandId: ejectA.commandId as string,
    });
    // The second one is back online but never ejected and never answers.
    stayedStation = await connect(stayed, true);

    const a = await waitFor(
      async () => {
        const r = (await call('GET', `/v1/rentals/${rentA.json.id}`, undefined, ada)).json;
        return r.status === 'active' ? r : undefined;
      },
      15_000,
      'the first rental to be active',
    );
    expect(a.powerBankId).toBe(left.bank);
    const b = await waitFor(
      async () => {
        const r = (await call('GET', `/v1/rentals/${rentB.json.id}`, undefined, bob)).json;
        return r.status === 'cancelled' ? r : undefined;
      },
      20_000,
      'the second rental to be cancelled',
    );
    expect(b).toMatchObject({ failureCode: 'RENTAL_EJECT_TIMED_OUT', amount: null });
    await waitFor(
      async () => (await call('GET', '/v1/me/payments', undefined, bob)).json.items[0]?.status === 'released',
      10_000,
      'the second rider’s hold to be released',
    );

    // The first rider returns the power bank: charged once.
    clock.set(Date.now());
    await leftStation.event({
      type: 'bank_inserted',
      slot: 2,
      powerBankId: left.bank,
      batteryPct: 60,
      healthPct: 95,
      tempC: 22,
    });
    const ended = await waitFor(
      async () => {
        const r = (await call('GET', `/v1/rentals/${rentA.json.id}`, undefined, ada)).json;
        return r.status === 'ended' ? r : undefined;
      },
      15_000,
      'the first rental to end',
    );
    const payments = (await call('GET', '/v1/me/payments', undefined, ada)).json.items;
    expect(payments).toMatchObject([{ status: 'captured', captured: { amount: ended.amount } }]);
    await Promise.all([leftStation.end(), stayedStation.end()]);
  }, 120_000);
});
