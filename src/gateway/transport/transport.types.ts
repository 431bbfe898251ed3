/**
 * The gateway's port to an MQTT broker. Two adapters implement it: the embedded aedes broker (stations
 * connect to this process) and an external broker reached as a client (Mosquitto, EMQX, AWS IoT Core).
 * Everything above this port is broker-agnostic.
 */

/**
 * Where a transport hands each inbound message. `settled` is called once the message has been handled
 * (applied, refused or dropped): a transport that waits for it before reading more from that source gets
 * backpressure, so a flood waits in TCP sockets and in the stations' own persistent queues instead of
 * in the platform's memory.
 */
export type InboundSink = (topic: string, payload: Buffer, settled?: () => void) => void;

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
  stop(): Promise<void>;
}
