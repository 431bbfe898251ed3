import { connect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';

/**
 * A deliberately thin MQTT load generator: raw sockets and pre-built packets, so the generator's own
 * cost stays small next to the broker's. It speaks just enough MQTT 3.1.1 (CONNECT, PUBLISH QoS 0/1)
 * and ignores what comes back after CONNACK (PUBACKs).
 */
export interface LoadStation {
  id: string;
  secret: string;
}

export interface LoadOptions {
  host: string;
  port: number;
  prefix: string;
  stations: LoadStation[];
  durationMs: number;
  /** Share of inventories and events; the rest are heartbeats (the protocol's dominant traffic). */
  inventoryShare: number;
  eventShare: number;
  connectConcurrency?: number;
}

export interface LoadResult {
  connected: number;
  connectMs: number;
  sent: number;
  sentByKind: Record<string, number>;
  sendMs: number;
}

interface Conn {
  socket: Socket;
  station: LoadStation;
  seq: number;
  packetId: number;
}

function connectOne(host: string, port: number, prefix: string, station: LoadStation): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    let acked = false;
    socket.once('connect', () => {
      socket.write(
        mqttPacket.generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clientId: station.id,
          username: station.id,
          password: Buffer.from(station.secret),
          keepalive: 0,
          clean: true,
        }),
      );
    });
    socket.on('data', (chunk: Buffer) => {
      if (acked) return;
      // CONNACK: 0x20 0x02 <flags> <return code>
      if (chunk[0] === 0x20 && chunk[3] === 0) {
        acked = true;
        const conn = { socket, station, seq: 0, packetId: 0 };
        // Like real firmware: hello after every connect, so the load starts from online stations.
        socket.write(helloPacket(conn, prefix));
        resolve(conn);
      } else {
        socket.destroy();
        reject(new Error(`connection refused for ${station.id} (code ${chunk[3]})`));
      }
    });
    socket.once('error', (err) => {
      if (!acked) reject(err);
    });
  });
}

function slots(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    slot: i + 1,
    powerBankId: null,
    batteryPct: 0,
    state: 'empty',
    faults: [],
  }));
}

function helloPacket(conn: Conn, prefix: string): Buffer {
  conn.seq += 1;
  conn.packetId += 1;
  const payload = {
    v: 1,
    id: `bench:${conn.seq}`,
    ts: new Date().toISOString(),
    bootId: 'bench',
    firmware: 'bench-1.0',
    hardware: 'bench',
    slotCount: 8,
    slots: slots(8),
  };
  return mqttPacket.generate({
    cmd: 'publish',
    topic: `${prefix}/stations/${conn.station.id}/hello`,
    payload: Buffer.from(JSON.stringify(payload)),
    qos: 1,
    messageId: conn.packetId,
    retain: false,
    dup: false,
  });
}

function nextPacket(
  conn: Conn,
  prefix: string,
  roll: number,
  opts: LoadOptions,
): { kind: string; packet: Buffer } {
  conn.seq += 1;
  const id = `bench:${conn.seq}`;
  const ts = new Date().toISOString();
  const base = `${prefix}/stations/${conn.station.id}/`;
  let kind: string;
  let payload: unknown;
  if (roll < opts.inventoryShare) {
    kind = 'inventory';
    payload = { v: 1, id, ts, slots: slots(8) };
  } else if (roll < opts.inventoryShare + opts.eventShare) {
    kind = 'event';
    payload = { v: 1, id, ts, type: 'power_restored' };
  } else {
    kind = 'heartbeat';
    payload = { v: 1, id, ts, uptimeS: conn.seq, signal: 20, mains: true, tempC: 21.5 };
  }
  const qos = kind === 'heartbeat' ? 0 : 1;
  conn.packetId = (conn.packetId % 65535) + 1;
  const packet = mqttPacket.generate({
    cmd: 'publish',
    topic: base + kind,
    payload: Buffer.from(JSON.stringify(payload)),
    qos,
    retain: false,
    dup: false,
    ...(qos === 1 ? { messageId: conn.packetId } : {}),
  });
  return { kind, packet };
}

/** Messages written per socket write: a station re-sending its queue after a reconnect does the same. */
const BURST = 8;

export interface Connected {
  conns: Conn[];
  connectMs: number;
}

/** Opens and authenticates one MQTT connection per station, a bounded number at a time. */
export async function connectAll(opts: LoadOptions): Promise<Connected> {
  const started = Date.now();
  const conns: Conn[] = [];
  const concurrency = opts.connectConcurrency ?? 200;
  for (let i = 0; i < opts.stations.length; i += concurrency) {
    const batch = opts.stations.slice(i, i + concurrency);
    conns.push(...(await Promise.all(batch.map((s) => connectOne(opts.host, opts.port, opts.prefix, s)))));
  }
  return { conns, connectMs: Date.now() - started };
}

/** Publishes from every connection as fast as the broker accepts, for the duration. */
export async function pump({ conns, connectMs }: Connected, opts: LoadOptions): Promise<LoadResult> {
  const sentByKind: Record<string, number> = { heartbeat: 0, inventory: 0, event: 0 };
  let sent = 0;
  const sendStart = Date.now();
  const deadline = sendStart + opts.durationMs;
  let rng = 42;
  const random = () => (rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

  await new Promise<void>((resolve) => {
    let cursor = 0;
    const pump = () => {
      if (Date.now() >= deadline) return resolve();
      // Write a small burst to a slice of connections per turn, one syscall per burst; a socket whose
      // buffer has not drained is skipped (backpressure), so the broker's pace sets the rate.
      for (let n = 0; n < 200; n++) {
        const conn = conns[cursor]!;
        cursor = (cursor + 1) % conns.length;
        if (conn.socket.writableLength > 0) continue;
        const burst: Buffer[] = [];
        for (let k = 0; k < BURST; k++) {
          const { kind, packet } = nextPacket(conn, opts.prefix, random(), opts);
          burst.push(packet);
          sentByKind[kind] = (sentByKind[kind] ?? 0) + 1;
        }
        conn.socket.write(Buffer.concat(burst));
        sent += BURST;
      }
      setImmediate(pump);
    };
    pump();
  });
  const sendMs = Date.now() - sendStart;
  for (const c of conns) c.socket.destroy();
  return { connected: conns.length, connectMs, sent, sentByKind, sendMs };
}
