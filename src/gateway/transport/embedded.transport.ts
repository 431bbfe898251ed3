import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type AedesPublishPacket, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from '../../kernel/logger.js';
import type { GatewayCounters } from '../gateway.stats.js';
import type { RateLimiter } from '../log.rate-limit.js';
import type { Topics } from '../protocol/topics.js';
import type { BrokerAccess } from './broker.access.js';
import { ReadHolds } from './read-holds.js';
import type { InboundSink, Transport } from './transport.types.js';

export interface EmbeddedTransportOptions {
  host: string;
  port: number;
  topics: Topics;
  access: BrokerAccess;
  counters: GatewayCounters;
  logLimiter: RateLimiter;
  logger: Logger;
  nowMs: () => number;
}

// MQTT connack return codes (aedes' AuthErrorCode is a const enum, which isolatedModules cannot import).
const BAD_USERNAME_OR_PASSWORD = 4;

/** aedes keeps its connected clients by id, but does not declare the map. */
function connectedClient(broker: Aedes | undefined, clientId: string): Client | undefined {
  return (broker as unknown as { clients?: Record<string, Client> } | undefined)?.clients?.[clientId];
}

function authError(): AuthenticateError {
  return Object.assign(new Error('bad station id or secret'), { returnCode: BAD_USERNAME_OR_PASSWORD });
}

/**
 * The embedded broker: aedes on a TCP server. Stations connect to this process; the platform consumes
 * their messages in-process (a broker-side subscription, no extra client hop) and publishes commands
 * in-process. Authentication and the per-station ACL are enforced here.
 */
export class EmbeddedTransport implements Transport {
  readonly kind = 'embedded' as const;
  private broker?: Aedes;
  private server?: Server;
  private sink?: InboundSink;
  private listeningPort?: number;
  private readonly held = new ReadHolds();
  private readonly deliver = (packet: AedesPublishPacket, done: () => void): void => {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    // Set by aedes on every packet a client published; absent for our own commands.
    const clientId = (packet as { clientId?: string }).clientId;
    const client = clientId !== undefined ? connectedClient(this.broker, clientId) : undefined;
    let sync = true;
    let settledAtOnce = false;
    this.sink?.(packet.topic, payload, () => {
      if (sync) settledAtOnce = true;
      else if (client) this.held.release(client);
    });
    sync = false;
    if (!settledAtOnce && client) this.held.hold(client);
    done();
  };

  constructor(private readonly options: EmbeddedTransportOptions) {}

  get port(): number | undefined {
    return this.listeningPort;
  }

  async start(sink: InboundSink): Promise<void> {
    const { access, counters, topics } = this.options;
    this.sink = sink;
    const broker = await Aedes.createBroker({
      // Station ids (`stn_` + a ULID) are longer than the 23 characters MQTT 3.1.1 guarantees.
      maxClientsIdLength: 128,
      authenticate: (client, username, password, done) => {
        access.authenticate(client.id, username, password).then(
          (ok) => {
            if (ok) return done(null, true);
            counters.authFailures++;
            this.warn(`auth:${client.id}`, { stationId: client.id }, 'station authentication refused');
            done(authError(), false);
          },
          (err: unknown) => {
            this.options.logger.error({ err, stationId: client.id }, 'station authentication failed');
            done(Object.assign(new Error('server unavailable'), { returnCode: 3 }), false);
          },
        );
      },
      authorizePublish: (client, packet, done) => {
        // client is null only for a will left behind by a broker that died; there is none in one process.
        if (!client || !access.canPublish(client.id, packet.topic)) {
          counters.aclDenied++;
          this.warn(
            `acl:${client?.id}`,
            { stationId: client?.id, topic: packet.topic },
            'publish outside the station topics denied',
          );
          return done(new Error('publish not authorized'));
        }
        // Retained messages live in broker memory; only the small status flag may be kept.
        if (packet.retain && !access.mayRetain(packet.topic)) packet.retain = false;
        done(null);
      },
      authorizeSubscribe: (client, subscription, done) => {
        if (access.canSubscribe(client.id, subscription.topic)) {
          return done(null, { ...subscription, qos: subscription.qos > 1 ? 1 : subscription.qos });
        }
        counters.aclDenied++;
        this.warn(
          `acl:${client.id}`,
          { stationId: client.id, topic: subscription.topic },
          'subscription outside the station command topic denied',
        );
        // A negated subscription answers SUBACK 0x80 and keeps the connection, as MQTT intends.
        done(null, null);
      },
      authorizeForward: (_client: Client, packet: AedesPublishPacket) => {
        const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
        return access.stillDeliverable(packet.topic, payload) ? packet : null;
      },
    });
    this.broker = broker;
    broker.on('clientError', (client, err) => {
      this.options.logger.debug({ stationId: client.id, err: err.message }, 'mqtt client error');
    });
    await new Promise<void>((resolve) => broker.subscribe(topics.inboundWildcard(), this.deliver, resolve));

    const server = createServer(broker.handle);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listeningPort = (server.address() as AddressInfo).port;
  }

  publish(topic: string, payload: Buffer): Promise<void> {
    const broker = this.broker;
    if (!broker || broker.closed) return Promise.reject(new Error('embedded broker is not running'));
    return new Promise((resolve, reject) => {
      broker.publish({ cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }

  isConnected(): boolean {
    return this.broker !== undefined && !this.broker.closed;
  }

  connectedClients(): number | undefined {
    return this.broker?.connectedClients ?? 0;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
    const { broker, server } = this;
    this.broker = undefined;
    this.server = undefined;
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private warn(key: string, fields: Record<string, unknown>, message: string): void {
    const gate = this.options.logLimiter.take(key, this.options.nowMs());
    if (gate.allowed) this.options.logger.warn({ ...fields, suppressed: gate.suppressed }, message);
  }
}
