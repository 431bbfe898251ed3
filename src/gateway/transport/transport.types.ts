/**
 * The gateway's port to an MQTT broker. Two adapters implement it: the embedded aedes broker (stations
 * connect to this process) and an external broker reached as a client (Mosquitto, EMQX, AWS IoT Core).
 * Everything above this port is broker-agnostic.
 */

import type { HeartbeatMessage } from '../protocol/index.js';

/**
 * Where a transport hands what stations send. Transports parse topics themselves (the embedded broker
 * must, for its ACL) and drop anything that is not a station's inbound topic.
 */
export interface InboundSink {
  /**
   * A station message as received. `settled` is called once it has been handled (applied, refused or
   * dropped): a transport that waits for it before reading more from that source gets backpressure, so
   * a flood waits in TCP sockets and in the stations' own persistent queues instead of in memory.
   */
  message(stationId: string, kind: string, payload: Buffer, settled?: () => void): void;
  /** A heartbeat the transport has already decoded and validated (the embedded broker does, on its own thread). */
  heartbeat(stationId: string, message: HeartbeatMessage): void;
}

export interface BrokerHeap {
  usedBytes: number;
  totalBytes: number;
}

export interface PublishOptions {
  /** Seconds after which the broker may drop the message instead of delivering it (MQTT 5 message expiry). */
  expirySeconds?: number;
}

export interface Transport {
  readonly kind: 'embedded' | 'external';
  /** Starts delivering every station's inbound messages to the sink; resolves once ready. */
  start(sink: InboundSink): Promise<void>;
  /** Publishes at QoS 1; resolves when the broker has taken the message. */
  publish(topic: string, payload: Buffer, options?: PublishOptions): Promise<void>;
  /** Whether a publish can reach the broker now. */
  isConnected(): boolean;
  /** The port the embedded broker listens on (the real one when configured as 0). */
  readonly port?: number;
  /** Clients connected to the embedded broker; undefined when the broker is external. */
  connectedClients(): number | undefined;
  /** How busy the embedded broker's thread has been since it started; undefined for an external broker. */
  brokerThread?(): { activeMs: number; idleMs: number } | undefined;
  /** The embedded broker thread's JS heap (collected first when asked and allowed); undefined for an external broker. */
  brokerHeap?(collect?: boolean): Promise<BrokerHeap | undefined>;
  stop(): Promise<void>;
}
