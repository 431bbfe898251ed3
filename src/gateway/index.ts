import type { Clock } from '../kernel/clock.js';
import type { Config } from '../kernel/config.js';
import type { EventBus } from '../kernel/events.js';
import type { Logger } from '../kernel/logger.js';
import type { FleetEvents, FleetModule, StationCommands } from '../modules/fleet/index.js';
import { StationCommandsService } from './commands/station-commands.service.js';
import { GatewayDispatcher } from './gateway.dispatcher.js';
import { GatewayCounters, type GatewayStats } from './gateway.stats.js';
import { createHandlers } from './handlers/index.js';
import { RateLimiter } from './log.rate-limit.js';
import { PresenceService } from './presence/presence.service.js';
import { PresenceTracker } from './presence/presence.tracker.js';
import { StationDirectory } from './presence/station.directory.js';
import { Topics } from './protocol/topics.js';
import { StationLogins } from './transport/broker.access.js';
import { EmbeddedTransport } from './transport/embedded.transport.js';
import { ExternalTransport } from './transport/external.transport.js';
import type { BrokerHeap, Transport } from './transport/transport.types.js';

export type { GatewayStats, RejectReason } from './gateway.stats.js';
export { REJECT_REASONS } from './gateway.stats.js';

export interface GatewayDeps {
  config: Config;
  fleet: FleetModule;
  bus: EventBus<FleetEvents>;
  clock: Clock;
  logger: Logger;
}

/** The station side of the platform, running. */
export interface Gateway {
  /** Sends tracked commands to stations. */
  commands: StationCommands;
  /** The embedded broker's real port (undefined with an external broker). */
  brokerPort?: number;
  stats(): GatewayStats;
  /** The embedded broker thread's JS heap, garbage collected first when asked (see EmbeddedTransport.brokerHeap). */
  brokerHeap(collect?: boolean): Promise<BrokerHeap | undefined>;
  /**
   * One round of periodic work: flush coalesced presence, mark silent stations offline, expire and
   * time out commands. A timer runs it every GATEWAY_TICK_MS; tests call it with a TestClock.
   */
  tick(): Promise<void>;
  /** Resolves once every received message has been processed (tests and graceful shutdown). */
  idle(): Promise<void>;
  /** Stops intake, finishes queued messages, flushes presence and closes the broker connection. */
  stop(): Promise<void>;
}

function createTransport(deps: GatewayDeps, topics: Topics, counters: GatewayCounters): Transport {
  const { config, fleet, clock, logger } = deps;
  if (config.MQTT_URL) {
    return new ExternalTransport({
      url: config.MQTT_URL,
      username: config.MQTT_USERNAME,
      password: config.MQTT_PASSWORD,
      tls: { caFile: config.MQTT_CA_FILE, certFile: config.MQTT_CERT_FILE, keyFile: config.MQTT_KEY_FILE },
      topics,
      logger,
    });
  }
  return new EmbeddedTransport({
    host: config.MQTT_BROKER_HOST,
    port: config.MQTT_BROKER_PORT,
    topics,
    logins: new StationLogins(
      (id, secret) => fleet.provisioning.verifyStationSecret(id, secret),
      () => clock.nowMs(),
    ),
    counters,
    logLimiter: new RateLimiter(5, 60_000),
    logger,
    maxPayloadBytes: config.MQTT_MAX_PAYLOAD_BYTES,
    nowMs: () => clock.nowMs(),
  });
}

/**
 * Starts the gateway: the embedded broker (or a client of MQTT_URL), the inbound dispatcher with one
 * handler per message kind, presence, and the command sender.
 */
export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const { config, fleet, bus, clock } = deps;
  const logger = deps.logger.child({ component: 'gateway' });
  const topics = new Topics(config.MQTT_TOPIC_PREFIX);
  const counters = new GatewayCounters();
  const offlineAfterMs = config.OFFLINE_AFTER_MISSED_HEARTBEATS * config.HEARTBEAT_SECONDS * 1000;
  const tracker = new PresenceTracker(offlineAfterMs);
  const presence = new PresenceService(tracker, fleet, counters, logger, offlineAfterMs);
  const transport = createTransport({ ...deps, logger }, topics, counters);
  const commands = new StationCommandsService({
    fleet,
    transport,
    topics,
    bus,
    clock,
    config,
    counters,
    logger,
  });
  const dispatcher = new GatewayDispatcher({
    handlers: createHandlers({ fleet, bus, presence, tracker, counters, logger }),
    fleet,
    presence,
    directory: new StationDirectory(fleet.stations, () => clock.nowMs()),
    counters,
    clock,
    logger,
    maxPayloadBytes: config.MQTT_MAX_PAYLOAD_BYTES,
  });

  await transport.start(dispatcher.inbound);
  logger.info(
    { transport: transport.kind, port: transport.port, prefix: config.MQTT_TOPIC_PREFIX },
    'gateway started',
  );

  let ticking: Promise<void> | undefined;
  const runTick = async (): Promise<void> => {
    const nowMs = clock.nowMs();
    await presence.flush();
    await presence.sweep(nowMs);
    await commands.sweep(nowMs);
  };
  // Overlapping calls share one round, so a slow database never stacks ticks up.
  const tick = (): Promise<void> => {
    ticking ??= runTick().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };
  const timer =
    config.GATEWAY_TICK_MS > 0
      ? setInterval(() => {
          tick().catch((err: unknown) => logger.error({ err }, 'gateway tick failed'));
        }, config.GATEWAY_TICK_MS)
      : undefined;
  timer?.unref();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (timer) clearInterval(timer);
      dispatcher.close();
      await transport.stop();
      await dispatcher.idle();
      await ticking?.catch(() => undefined);
      await presence.flush().catch((err: unknown) => logger.error({ err }, 'final presence flush failed'));
      logger.info('gateway stopped');
    })();
    return stopping;
  };

  return {
    commands,
    brokerPort: transport.port,
    tick,
    idle: () => dispatcher.idle(),
    stop,
    brokerHeap: (collect) => transport.brokerHeap?.(collect) ?? Promise.resolve(undefined),
    stats: (): GatewayStats => ({
      transport: transport.kind,
      brokerConnected: transport.isConnected(),
      brokerClients: transport.connectedClients(),
      stationsOnline: presence.onlineCount(),
      connectedStations: transport.connectedClients() ?? presence.onlineCount(),
      processed: counters.applied + counters.duplicate + counters.rejected() + counters.failed,
      messages: {
        received: counters.received,
        applied: counters.applied,
        duplicate: counters.duplicate,
        rejected: counters.rejected(),
        rejectedByReason: { ...counters.rejectedByReason },
        failed: counters.failed,
        queued: dispatcher.queuedCount(),
      },
      broker: {
        authFailures: counters.authFailures,
        aclDenied: counters.aclDenied,
        ...(transport.brokerThread?.() ? { thread: transport.brokerThread()! } : {}),
      },
      presence: {
        flushes: counters.presenceFlushes,
        stationsFlushed: counters.stationsFlushed,
        markedOffline: counters.markedOffline,
      },
      commands: {
        sent: counters.commandsSent,
        publishFailed: counters.publishFailed,
        completed: counters.commandsCompleted,
        expired: counters.commandsExpired,
        timedOut: counters.commandsTimedOut,
      },
    }),
  };
}
