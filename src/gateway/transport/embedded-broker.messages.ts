import { PROTOCOL_VERSION, type HeartbeatMessage } from '../protocol/index.js';

/**
 * What the embedded broker's thread and the platform's main thread say to each other. Station traffic
 * crosses in one `inbound` batch per broker event-loop turn; everything else is rare.
 */

/** Given to the broker thread when it starts. */
export interface BrokerSettings {
  host: string;
  port: number;
  prefix: string;
  maxPayloadBytes: number;
  /** The platform's clock when the thread was started (commands' expiry is judged on it). */
  nowMs: number;
}

/** Broker thread → main thread. */
export type FromBroker =
  | { t: 'ready'; port: number }
  | { t: 'failed'; message: string }
  /** Heartbeats already decoded and valid (packed); raw messages for the dispatcher, each holding its station until settled. */
  | {
      t: 'inbound';
      heartbeats: PackedHeartbeats;
      /** Each raw message's payload is `payloads[start, end)`; the buffer is transferred, not copied. */
      raw: Array<[seq: number, stationId: string, kind: string, start: number, end: number]>;
      payloads: Uint8Array;
    }
  | { t: 'auth'; id: number; clientId: string; username?: string; password?: Uint8Array }
  | { t: 'denied'; clientId: string; topic: string; what: 'publish' | 'subscribe' }
  | { t: 'clients'; connected: number }
  | { t: 'client-error'; clientId: string; message: string }
  | { t: 'published'; id: number; error?: string }
  | { t: 'heap'; id: number; usedBytes: number; totalBytes: number }
  | { t: 'stopped' };

export type AuthOutcome = 'ok' | 'refused' | 'unavailable';

/** Main thread → broker thread. */
export type ToBroker =
  | { t: 'auth-result'; id: number; outcome: AuthOutcome }
  /** Batches of station traffic handled since the last ack, and raw messages settled (their stations may be read again). */
  | { t: 'ack'; batches: number; settled: number[] }
  | { t: 'publish'; id: number; topic: string; payload: Uint8Array; nowMs: number }
  | { t: 'clock'; nowMs: number }
  /** The thread's JS heap, after a full collection when `collect` and the process runs with --expose-gc. */
  | { t: 'heap'; id: number; collect: boolean }
  | { t: 'stop' };

/**
 * Heartbeats cross the thread boundary as one flat array of their fields, HEARTBEAT_FIELDS per
 * heartbeat: a structured clone of primitives costs about a fifth of cloning as many objects, each
 * with its keys (measured: ~0.1 vs ~0.5 µs a heartbeat to serialize, ~0.3 vs ~0.9 to deserialize),
 * and heartbeats are almost all the traffic.
 */
export type PackedHeartbeats = Array<string | number | boolean>;
export const HEARTBEAT_FIELDS = 7;

export function packHeartbeat(into: PackedHeartbeats, stationId: string, m: HeartbeatMessage): void {
  into.push(stationId, m.id, m.ts, m.uptimeS, m.signal, m.mains, m.tempC);
}

/** Calls `each` with every heartbeat of a packed batch, as the decoder gave it. */
export function unpackHeartbeats(
  packed: PackedHeartbeats,
  each: (stationId: string, message: HeartbeatMessage) => void,
): void {
  for (let i = 0; i + HEARTBEAT_FIELDS <= packed.length; i += HEARTBEAT_FIELDS) {
    each(packed[i] as string, {
      v: PROTOCOL_VERSION,
      id: packed[i + 1] as string,
      ts: packed[i + 2] as string,
      uptimeS: packed[i + 3] as number,
      signal: packed[i + 4] as number,
      mains: packed[i + 5] as boolean,
      tempC: packed[i + 6] as number,
    });
  }
}
