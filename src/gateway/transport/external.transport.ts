import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../../kernel/logger.js';
import { RateLimiter } from '../log.rate-limit.js';
import type { Topics } from '../protocol/topics.js';
import type { InboundSink, PublishOptions, Transport } from './transport.types.js';

export interface ExternalTransportOptions {
  url: string;
  username?: string;
  password?: string;
  /** PEM file paths for a client-certificate TLS login (AWS IoT Core). */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  topics: Topics;
  logger: Logger;
  /** Shared-subscription group; every gateway process in the group gets a share of the stations' messages. */
  shareGroup?: string;
  connectTimeoutMs?: number;
  /**
   * Messages handed to the dispatcher and not yet settled at which reading from the broker pauses
   * (default 20,000); it resumes once half of them have settled.
   */
  maxUnsettled?: number;
}

/**
 * A client of an external broker (Mosquitto, EMQX, AWS IoT Core). It subscribes at QoS 1 to every
 * station's inbound topics through a shared subscription, so several gateway processes split the load,
 * publishes commands at QoS 1 with an MQTT 5 message expiry, and reconnects on its own.
 */
export class ExternalTransport implements Transport {
  readonly kind = 'external' as const;
  readonly port = undefined;
  private client?: MqttClient;
  private readonly filter: string;
  private unsettled = 0;
  private paused?: () => void;
  private readonly maxUnsettled: number;
  private readonly settle = (): void => {
    this.unsettled--;
    if (this.paused && this.unsettled <= this.maxUnsettled / 2) {
      const resume = this.paused;
      this.paused = undefined;
      resume();
    }
  };

  constructor(private readonly options: ExternalTransportOptions) {
    this.maxUnsettled = options.maxUnsettled ?? 20_000;
    this.filter = `$share/${options.shareGroup ?? 'chargenet-gateway'}/${options.topics.inboundWildcard()}`;
  }

  async start(sink: InboundSink): Promise<void> {
    const { url, username, password, logger, tls } = this.options;
    const client = mqtt.connect(url, {
      ...(tls?.caFile ? { ca: readFileSync(tls.caFile) } : {}),
      ...(tls?.certFile ? { cert: readFileSync(tls.certFile) } : {}),
      ...(tls?.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
      clientId: `chargenet-gateway-${randomBytes(6).toString('hex')}`,
      username,
      password,
      protocolVersion: 5,
      clean: true,
      // Subscribed again on every connect below: a clean session starts without subscriptions.
      resubscribe: false,
      reconnectPeriod: 1000,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
    });
    this.client = client;
    const { topics } = this.options;
    client.on('message', (topic, payload) => {
      const parsed = topics.parse(topic);
      // Our own commands come back through the wildcard subscription.
      if (!parsed || parsed.kind === 'command') return;
      this.unsettled++;
      sink.message(parsed.stationId, parsed.kind, payload, this.settle);
    });
    // mqtt.js reads the next packet once this callback runs (and acks a QoS 1 packet then): it runs
    // at once unless too many messages wait for the dispatcher, so a flood waits in the broker's queue.
    client.handleMessage = (_packet, callback) => {
      if (this.unsettled < this.maxUnsettled) callback();
      else this.paused = callback;
    };
    client.on('connect', () => {
      client.subscribe(this.filter, { qos: 1 }, (err, granted) => {
        const refused = granted?.some((g) => g.qos > 2);
        if (err || refused)
          logger.error({ err, filter: this.filter }, 'subscription to station topics refused');
      });
    });
    // While the broker is down these repeat every second; one line a minute says enough.
    const noisy = new RateLimiter(1, 60_000);
    client.on('reconnect', () => {
      const gate = noisy.take('reconnect', Date.now());
      if (gate.allowed)
        logger.warn({ url: redactUrl(url), suppressed: gate.suppressed }, 'reconnecting to the MQTT broker');
    });
    client.on('error', (err) => {
      const gate = noisy.take('error', Date.now());
      if (gate.allowed)
        logger.error({ err: err.message, suppressed: gate.suppressed }, 'MQTT broker connection error');
    });

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error('timed out')),
        (this.options.connectTimeoutMs ?? 10_000) + 500,
      );
      const fail = (err: Error): void => {
        clearTimeout(timer);
        client.end(true);
        reject(new Error(`cannot connect to the MQTT broker at ${redactUrl(url)}: ${err.message}`));
      };
      client.once('connect', () => {
        clearTimeout(timer);
        client.off('error', fail);
        resolve();
      });
      client.once('error', fail);
    });
  }

  async publish(topic: string, payload: Buffer, options: PublishOptions = {}): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('MQTT client is not started');
    const properties = options.expirySeconds ? { messageExpiryInterval: options.expirySeconds } : undefined;
    await client.publishAsync(topic, payload, { qos: 1, retain: false, properties });
  }

  isConnected(): boolean {
    return this.client?.connected ?? false;
  }

  connectedClients(): number | undefined {
    return undefined;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
  }
}

/** The broker URL without any password it may carry, for logs and errors. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
