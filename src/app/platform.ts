import type { FastifyInstance } from 'fastify';
import { startGateway, type Gateway } from '../gateway/index.js';
import { buildApp } from '../http/app.js';
import { systemClock, type Clock } from '../kernel/clock.js';
import type { Config } from '../kernel/config.js';
import { connectDatabase, migrateToLatest, type Database } from '../kernel/db/index.js';
import { EventBus } from '../kernel/events.js';
import { createLogger, type Logger } from '../kernel/logger.js';
import { createFleetModule, type FleetEvents, type FleetModule } from '../modules/fleet/index.js';
import type { RentalEvents } from '../modules/rentals/index.js';
import { allMigrations } from './migrations.js';
import { createRiderModules, type RiderModules } from './rider-modules.js';

/** Every event of the in-process bus. */
export type PlatformEvents = FleetEvents & RentalEvents;

/**
 * The composition root: one function that wires the database, the modules, the gateway and the HTTP
 * app from the config, with the roles the config asks for. Every entrypoint (server, CLI, tests)
 * builds the platform through it; none of them wires things by hand.
 */
export interface PlatformOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
}

/** Where the running platform can be reached; a field is absent when its role is not running here. */
export interface PlatformUrls {
  http?: string;
  docs?: string;
  mqtt?: string;
}

export interface Platform {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly database: Database;
  readonly bus: EventBus<PlatformEvents>;
  readonly fleet: FleetModule;
  /** Identity, pricing, payments, rentals and the rental flows. */
  readonly riders: RiderModules;
  /** Present with the `gateway` role. */
  readonly gateway?: Gateway;
  /** Present with the `api` role. */
  readonly http?: FastifyInstance;
  /** Starts listening (HTTP) and the worker's timers; returns the URLs to open. */
  start(): Promise<PlatformUrls>;
  /** Stops everything in reverse order: HTTP, gateway, timers, database. Safe to call twice. */
  stop(): Promise<void>;
}

/** The station message log keeps a week: enough to debug a station, small enough to stay cheap. */
const MESSAGE_LOG_RETENTION_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

/** A host that a browser or a station on this machine can reach: a wildcard bind address is not one. */
export function reachableHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === ''
    ? '127.0.0.1'
    : host.includes(':')
      ? `[${host}]`
      : host;
}

/** The URL without user and password, safe to print. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * Resolves rentals a crash left between steps, now and then every `everyMs` (0: only now). Returns
 * the cleanup that stops it and waits for a sweep in progress.
 */
function startRentalSweep(riders: RiderModules, everyMs: number, logger: Logger): () => Promise<void> {
  const sweep = () =>
    riders.rentals.flows
      .sweep()
      .then((report) => {
        if (Object.values(report).some((n) => n > 0))
          logger.info({ report }, 'rental sweep resolved rentals');
      })
      .catch((err: unknown) => logger.error({ err }, 'rental sweep failed'));
  let running = sweep();
  const timer = everyMs > 0 ? setInterval(() => (running = sweep()), everyMs) : undefined;
  timer?.unref();
  return async () => {
    if (timer) clearInterval(timer);
    await running;
  };
}

/** Connects, migrates and wires the platform for the configured roles; nothing listens until start(). */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const roles = new Set(config.ROLES);
  const cleanups: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
    }
  };

  try {
    const database = connectDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
      namedStatements: config.DATABASE_NAMED_STATEMENTS,
    });
    cleanups.push(() => database.destroy());
    await migrateToLatest(database, ...allMigrations);
    const bus = new EventBus<PlatformEvents>(logger);
    const fleet = createFleetModule({ database, clock, config, bus, logger });

    let gateway: Gateway | undefined;
    if (roles.has('gateway')) {
      const started = await startGateway({ config, fleet, bus, clock, logger });
      gateway = started;
      cleanups.push(() => started.stop());
    }

    const riders = createRiderModules({
      config,
      database,
      clock,
      logger,
      bus,
      fleet,
      ...(gateway ? { commands: gateway.commands } : {}),
    });
    cleanups.push(() => riders.close());

    let http: FastifyInstance | undefined;
    if (roles.has('api')) {
      const app = await buildApp({
        config,
        fleet,
        riders,
        ...(gateway ? { commands: gateway.commands } : {}),
        bus,
        clock,
        logger,
        readiness: async (): Promise<Record<string, boolean>> =>
          gateway ? { broker: gateway.stats().brokerConnected } : {},
      });
      http = app;
      cleanups.push(() => app.close());
    }

    let stopping: Promise<void> | undefined;
    const platform: Platform = {
      config,
      clock,
      logger,
      database,
      bus,
      fleet,
      riders,
      gateway,
      http,
      async start() {
        const urls: PlatformUrls = {};
        if (http) {
          await http.listen({ host: config.HOST, port: config.PORT });
          const address = http.server.address();
          const port = typeof address === 'object' && address ? address.port : config.PORT;
          urls.http = (config.PUBLIC_URL ?? `http://${reachableHost(config.HOST)}:${port}`).replace(
            /\/$/,
            '',
          );
          urls.docs = `${urls.http}/docs`;
        }
        if (gateway) {
          urls.mqtt =
            gateway.brokerPort !== undefined
              ? `mqtt://${reachableHost(config.MQTT_BROKER_HOST)}:${gateway.brokerPort}`
              : withoutCredentials(config.MQTT_URL ?? '');
        }
        if (roles.has('worker')) {
          const prune = () =>
            fleet.messages
              .pruneOlderThan(clock.nowMs() - MESSAGE_LOG_RETENTION_MS)
              .catch((err: unknown) => logger.error({ err }, 'message log pruning failed'));
          const purgeKeys = () =>
            riders.idempotency
              .purgeExpired(clock.nowMs())
              .catch((err: unknown) => logger.error({ err }, 'idempotency key purge failed'));
          void prune();
          void purgeKeys();
          const timer = setInterval(() => {
            void prune();
            void purgeKeys();
          }, PRUNE_EVERY_MS);
          timer.unref();
          // Runs first on stop (cleanups unwind in reverse), before the database closes.
          cleanups.push(async () => clearInterval(timer));
          cleanups.push(startRentalSweep(riders, config.RENTAL_SWEEP_MS, logger));
        }
        logger.info({ roles: [...roles], ...urls }, 'chargenet started');
        return urls;
      },
      stop() {
        stopping ??= unwind().then(() => logger.info('chargenet stopped'));
        return stopping;
      },
    };
    return platform;
  } catch (err) {
    await unwind();
    throw err;
  }
}
