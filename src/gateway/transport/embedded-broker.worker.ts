import { createServer, type AddressInfo } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { Aedes, type AedesPublishPacket, type AuthenticateError, type Client } from 'aedes';
import { decodeInbound } from '../message.decoder.js';
import type { HeartbeatMessage } from '../protocol/index.js';
import { Topics } from '../protocol/topics.js';
import { StationAcl } from './broker.access.js';
import {
  packHeartbeat,
  type AuthOutcome,
  type BrokerSettings,
  type FromBroker,
  type PackedHeartbeats,
  type ToBroker,
} from './embedded-broker.messages.js';
import { ReadGate } from './read-gate.js';

/**
 * The embedded MQTT broker, on a thread of its own (started by embedded.transport.ts). It owns the
 * station sockets: MQTT framing, logins (asked of the main thread, which holds the credentials),
 * the per-station ACL, retained status flags and last wills, and delivery of commands. It also
 * decodes and validates heartbeats, the bulk of all traffic, so the main thread receives them ready
 * to record; every other message crosses as raw bytes and keeps its station's socket unread until
 * the main thread has handled it.
 */
const settings = workerData as BrokerSettings;
const port = parentPort!;
const post = (message: FromBroker): void => port.postMessage(message);

// The platform's clock as the main thread last told it, moved on by real time since: expiry of
// queued commands is judged on it, so tests that move a TestClock see commands expire here too.
let clock = { nowMs: settings.nowMs, atMs: performance.now() };
const nowMs = (): number => clock.nowMs + (performance.now() - clock.atMs);
const setClock = (platformMs: number): void => {
  clock = { nowMs: platformMs, atMs: performance.now() };
};

const topics = new Topics(settings.prefix);
const acl = new StationAcl(topics, nowMs);
const gate = new ReadGate();
/** Raw messages the main thread has not settled: the station they hold, and aedes' callback to go on. */
const heldBySeq = new Map<number, { client?: Client; proceed: () => void }>();
/**
 * Payloads of client publishes already taken in by authorizePublish: aedes still routes those packets
 * to `deliver` (wrapped in a new packet object, with the same payload), which must not take them twice.
 */
const takenIn = new WeakSet<object>();
let nextSeq = 1;

// MQTT connack return codes (aedes' AuthErrorCode is a const enum, which isolatedModules cannot import).
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const logins = new Map<number, (outcome: AuthOutcome) => void>();
let nextLogin = 1;

/** aedes keeps its connected clients by id, but does not declare the map. */
function connectedClient(broker: Aedes, clientId: string): Client | undefined {
  return (broker as unknown as { clients: Record<string, Client> }).clients[clientId];
}

// Station traffic crosses in batches: at the end of each event-loop turn, or sooner once a batch is
// full. Two limits stop all stations from being read until the end of the turn (ReadGate.throttle):
// - the main thread has THROTTLE_AT batches it has not yet handled; they are let back in once it is
//   down to RESUME_AT;
// - this turn has read TURN_BUDGET messages. libuv reads every readable socket in one poll phase,
//   and with thousands of busy stations that phase lasted seconds: timers, the main thread's acks
//   and settlements (which let held stations go on) waited for seconds behind the heartbeats.
const BATCH_MAX = 1024;
const THROTTLE_AT = 8;
const RESUME_AT = 4;
const TURN_BUDGET = 4096;
let inFlight = 0;
let thisTurn = 0;
let heartbeats: PackedHeartbeats = [];
let heartbeatCount = 0;
let raw: Array<[number, string, string, number, number]> = [];
// A raw payload is a view of the socket read it came in (~7× its size in bench:gateway): cloned as it
// is, the whole read would be copied. The batch's payloads are gathered into one buffer, transferred.
let rawPayloads: Uint8Array[] = [];
let rawBytes = 0;
let scheduled = false;
const room = (): boolean => inFlight < THROTTLE_AT && thisTurn < TURN_BUDGET;
function flush(): void {
  if (heartbeatCount === 0 && raw.length === 0) return;
  const payloads = new Uint8Array(rawBytes);
  let at = 0;
  for (const payload of rawPayloads) {
    payloads.set(payload, at);
    at += payload.length;
  }
  port.postMessage({ t: 'inbound', heartbeats, raw, payloads } satisfies FromBroker, [payloads.buffer]);
  rawPayloads = [];
  rawBytes = 0;
  heartbeats = [];
  heartbeatCount = 0;
  raw = [];
  inFlight++;
  if (inFlight >= THROTTLE_AT && !gate.isThrottled) gate.throttle();
}
function endOfTurn(): void {
  scheduled = false;
  flush();
  thisTurn = 0;
  if (gate.isThrottled && inFlight <= RESUME_AT) gate.letIn(room);
}
function queued(): void {
  if (++thisTurn >= TURN_BUDGET && !gate.isThrottled) gate.throttle();
  if (heartbeatCount + raw.length >= BATCH_MAX) flush();
  if (scheduled) return;
  scheduled = true;
  setImmediate(endOfTurn);
}

const broker = await Aedes.createBroker({
  // Station ids (`stn_` + a ULID) are longer than the 23 characters MQTT 3.1.1 guarantees.
  maxClientsIdLength: 128,
  authenticate: (client, username, password, done) => {
    const id = nextLogin++;
    logins.set(id, (outcome) => {
      if (outcome === 'ok') return done(null, true);
      const returnCode = outcome === 'refused' ? BAD_USERNAME_OR_PASSWORD : SERVER_UNAVAILABLE;
      const error = new Error(outcome === 'refused' ? 'bad station id or secret' : 'server unavailable');
      done(Object.assign(error, { returnCode }) as AuthenticateError, false);
    });
    post({ t: 'auth', id, clientId: client.id, username, password });
  },
  authorizePublish: (client, packet, done) => {
    // client is null only for a will left behind by a broker that died; there is none in one process.
    if (!client || !acl.canPublish(client.id, packet.topic)) {
      post({ t: 'denied', clientId: client?.id ?? '', topic: packet.topic, what: 'publish' });
      return done(new Error('publish not authorized'));
    }
    // Retained messages live in broker memory; only the small status flag may be kept.
    if (packet.retain && !acl.mayRetain(packet.topic)) packet.retain = false;
    // Taken in here, before aedes answers: it writes a QoS 1 message's PUBACK once this calls back,
    // and a raw message calls back only once the main thread has settled it (its effects committed,
    // or it was refused). A station thus never drops from its buffer a message the platform could
    // still lose in a crash; if one comes, the station sends it again and dedup makes it once.
    const payload = payloadOf(packet);
    takenIn.add(payload);
    takeIn(client.id, packet.topic, payload, () => done(null));
  },
  authorizeSubscribe: (client, subscription, done) => {
    if (acl.canSubscribe(client.id, subscription.topic)) {
      return done(null, { ...subscription, qos: subscription.qos > 1 ? 1 : subscription.qos });
    }
    post({ t: 'denied', clientId: client.id, topic: subscription.topic, what: 'subscribe' });
    // A negated subscription answers SUBACK 0x80 and keeps the connection, as MQTT intends.
    done(null, null);
  },
  authorizeForward: (_client: Client, packet: AedesPublishPacket) =>
    acl.stillDeliverable(packet.topic, packet.payload as Uint8Array) ? packet : null,
});

const countClients = () => post({ t: 'clients', connected: broker.connectedClients });
broker.on('client', countClients);
// After its CONNACK and queued messages aedes reads the client as it likes; from here the gate decides.
broker.on('clientReady', (client) => gate.add(client));
broker.on('clientDisconnect', (client) => {
  gate.remove(client);
  countClients();
});
broker.on('clientError', (client, err) => {
  post({ t: 'client-error', clientId: client.id, message: err.message });
});

function payloadOf(packet: { payload: string | Buffer }): Buffer {
  return Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
}

/**
 * A station's message enters the platform: a valid heartbeat is decoded here and goes on at once;
 * anything else waits for the database (or is refused there, with its reason), holding its station's
 * socket unread and `proceed` uncalled until the main thread has settled it.
 */
function takeIn(clientId: string, topic: string, payload: Buffer, proceed: () => void): void {
  const parsed = topics.parse(topic);
  if (!parsed) return proceed();
  if (parsed.kind === 'heartbeat') {
    const decoded = decodeInbound('heartbeat', payload, settings.maxPayloadBytes);
    if (decoded.ok) {
      packHeartbeat(heartbeats, parsed.stationId, decoded.message as HeartbeatMessage);
      heartbeatCount++;
      queued();
      return proceed();
    }
  }
  const seq = nextSeq++;
  const client = connectedClient(broker, clientId);
  if (client) gate.hold(client);
  heldBySeq.set(seq, { client, proceed });
  raw.push([seq, parsed.stationId, parsed.kind, rawBytes, rawBytes + payload.length]);
  rawPayloads.push(payload);
  rawBytes += payload.length;
  queued();
}

// What reaches the station topics without passing authorizePublish: last wills, which aedes publishes
// for a client that went away.
const deliver = (packet: AedesPublishPacket, done: () => void): void => {
  // Set by aedes on every packet a client published; absent for the platform's own commands.
  const clientId = (packet as { clientId?: string }).clientId;
  const payload = payloadOf(packet);
  if (clientId === undefined || takenIn.has(payload)) return done();
  takeIn(clientId, packet.topic, payload, () => undefined);
  done();
};
await new Promise<void>((resolve) => broker.subscribe(topics.inboundWildcard(), deliver, resolve));

const server = createServer(broker.handle);
server.once('error', (err) => post({ t: 'failed', message: err.message }));
server.listen(settings.port, settings.host, () => {
  post({ t: 'ready', port: (server.address() as AddressInfo).port });
});

port.on('message', (message: ToBroker) => {
  switch (message.t) {
    case 'ack':
      for (const seq of message.settled) {
        const held = heldBySeq.get(seq);
        if (!held) continue;
        heldBySeq.delete(seq);
        if (held.client) gate.release(held.client);
        held.proceed();
      }
      inFlight -= message.batches;
      if (gate.isThrottled && inFlight <= RESUME_AT) gate.letIn(room);
      return;
    case 'auth-result':
      logins.get(message.id)?.(message.outcome);
      logins.delete(message.id);
      return;
    case 'publish': {
      setClock(message.nowMs);
      const payload = Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.length);
      broker.publish(
        { cmd: 'publish', topic: message.topic, payload, qos: 1, retain: false, dup: false },
        (err) => post({ t: 'published', id: message.id, ...(err ? { error: err.message } : {}) }),
      );
      return;
    }
    case 'clock':
      setClock(message.nowMs);
      return;
    case 'heap': {
      if (message.collect) (globalThis as { gc?: () => void }).gc?.();
      const heap = getHeapStatistics();
      post({ t: 'heap', id: message.id, usedBytes: heap.used_heap_size, totalBytes: heap.total_heap_size });
      return;
    }
    case 'stop':
      broker.close(() =>
        server.close(() => {
          post({ t: 'stopped' });
          port.close();
        }),
      );
  }
});
