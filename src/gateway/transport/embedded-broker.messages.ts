import type { HeartbeatMessage } from '../protocol/index.js';

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
  /** Heartbeats already decoded and valid; raw messages for the dispatcher, each holding its station until settled. */
  | {
      t: 'inbound';
      heartbeats: Array<[stationId: string, message: HeartbeatMessage]>;
      raw: Array<[seq: number, stationId: string, kind: string, payload: Uint8Array]>;
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
