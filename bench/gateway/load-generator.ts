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
  /**
   * How far the load may run ahead of the server (messages sent but not yet processed), and a way to
   * be told when the server has caught up. Without it the load writes into the kernel's socket
   * buffers as fast as it can, burning a core the server needs, only to build a backlog.
   */
  lead?: { window: number; processed: () => number; onProgress: (wake: () => void) => void };
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
  templates: Record<Kind, Template>;
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
        const templates = {
          heartbeat: template(prefix, station.id, 'heartbeat'),
          inventory: template(prefix, station.id, 'inventory'),
          event: template(prefix, station.id, 'event'),
        };
        const conn = { socket, station, seq: 0, packetId: 0, templates };
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

type Kind = 'heartbeat' | 'inventory' | 'event';

/**
 * A station's pre-built PUBLISH packet for one kind, with the places where each message differs: its
 * id (`bench:` + nine digits, unique per station), its `ts` (24 ISO characters) and, at QoS 1, the
 * packet id. Building a packet per message (JSON and MQTT encoding) cost the load process about as
 * much CPU as the broker spent relaying it; patching a template costs a copy.
 */
interface Template {
  packet: Buffer;
  idAt: number;
  tsAt: number;
  packetIdAt: number;
}

const ID_DIGITS = 9;
const TS_PLACEHOLDER = '2000-01-01T00:00:00.000Z';

function template(prefix: string, stationId: string, kind: Kind): Template {
  const id = `bench:${'0'.repeat(ID_DIGITS)}`;
  const ts = TS_PLACEHOLDER;
  const payload =
    kind === 'inventory'
      ? { v: 1, id, ts, slots: slots(8) }
      : kind === 'event'
        ? { v: 1, id, ts, type: 'power_restored' }
        : { v: 1, id, ts, uptimeS: 3600, signal: 20, mains: true, tempC: 21.5 };
  const json = JSON.stringify(payload);
  const qos = kind === 'heartbeat' ? 0 : 1;
  const packet = mqttPacket.generate({
    cmd: 'publish',
    topic: `${prefix}/stations/${stationId}/${kind}`,
    payload: Buffer.from(json),
    qos,
    retain: false,
    dup: false,
    ...(qos === 1 ? { messageId: 1 } : {}),
  });
  const payloadAt = packet.length - Buffer.byteLength(json);
  return {
    packet,
    idAt: payloadAt + json.indexOf(id) + 'bench:'.length,
    tsAt: payloadAt + json.indexOf(ts),
    packetIdAt: qos === 1 ? payloadAt - 2 : -1,
  };
}

/** Writes the connection's next message of `kind` into `out` at `at`; returns where the next one goes. */
function writeNext(conn: Conn, kind: Kind, ts: Buffer, out: Buffer, at: number): number {
  const t = conn.templates[kind];
  out.set(t.packet, at);
  conn.seq += 1;
  let n = conn.seq;
  for (let i = ID_DIGITS - 1; i >= 0; i--) {
    out[at + t.idAt + i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  out.set(ts, at + t.tsAt);
  if (t.packetIdAt >= 0) {
    conn.packetId = (conn.packetId % 65535) + 1;
    out.writeUInt16BE(conn.packetId, at + t.packetIdAt);
  }
  return at + t.packet.length;
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

/** First in, first out, without Array#shift's copying of 10,000 entries. */
class Queue<T> {
  private items: T[];
  private head = 0;
  constructor(initial: T[]) {
    this.items = [...initial];
  }
  get size(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  take(): T {
    const item = this.items[this.head++]!;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** Publishes from every connection as fast as the broker accepts, for the duration. */
export async function pump({ conns, connectMs }: Connected, opts: LoadOptions): Promise<LoadResult> {
  const sentByKind: Record<string, number> = { heartbeat: 0, inventory: 0, event: 0 };
  let sent = 0;
  const sendStart = Date.now();
  const deadline = sendStart + opts.durationMs;
  let rng = 42;
  const random = () => (rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const kindOf = (roll: number): Kind =>
    roll < opts.inventoryShare
      ? 'inventory'
      : roll < opts.inventoryShare + opts.eventShare
        ? 'event'
        : 'heartbeat';

  await new Promise<void>((resolve) => {
    // Connections that may be written to now. One whose socket is full (the broker is not reading
    // it fast enough) waits for 'drain' before it comes back, so the load spends CPU only on what
    // it sends and the broker's pace sets the rate.
    const ready = new Queue<Conn>(conns);
    let scheduled = false;
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(turn);
    };
    const lead = opts.lead;
    const ahead = () => lead !== undefined && sent - lead.processed() >= lead.window;
    lead?.onProgress(() => {
      if (!ahead() && ready.size > 0) schedule();
    });
    const turn = () => {
      scheduled = false;
      if (Date.now() >= deadline) return resolve();
      const ts = Buffer.from(new Date().toISOString(), 'latin1');
      // A small burst to a slice of connections per turn, one syscall per burst.
      for (let n = 0; n < 200 && ready.size > 0 && !ahead(); n++) {
        const conn = ready.take();
        const kinds: Kind[] = [];
        let size = 0;
        for (let k = 0; k < BURST; k++) {
          const kind = kindOf(random());
          kinds.push(kind);
          size += conn.templates[kind].packet.length;
        }
        const burst = Buffer.allocUnsafe(size);
        let at = 0;
        for (const kind of kinds) {
          at = writeNext(conn, kind, ts, burst, at);
          sentByKind[kind] = (sentByKind[kind] ?? 0) + 1;
        }
        sent += BURST;
        if (conn.socket.write(burst)) ready.push(conn);
        else
          conn.socket.once('drain', () => {
            ready.push(conn);
            schedule();
          });
      }
      if (ready.size > 0 && !ahead()) schedule();
      // Otherwise a drain or the server's progress schedules the next turn; the deadline is checked
      // then, or by the timer.
    };
    setTimeout(() => {
      if (!scheduled) schedule();
    }, opts.durationMs + 10).unref();
    schedule();
  });
  const sendMs = Date.now() - sendStart;
  for (const c of conns) c.socket.destroy();
  return { connected: conns.length, connectMs, sent, sentByKind, sendMs };
}
