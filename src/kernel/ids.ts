import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Every entity id carries a prefix naming its kind, so an id in a log line or a URL explains itself. */
export const ID_PREFIXES = {
  site: 'sit',
  station: 'stn',
  powerBank: 'pb',
  command: 'cmd',
  alert: 'alr',
  message: 'msg',
  event: 'evt',
  rental: 'rnt',
  rider: 'rdr',
  loginCode: 'lgc',
  refreshToken: 'rft',
  tokenFamily: 'rtf',
  accessToken: 'atk',
  outboxMessage: 'obx',
  tariff: 'trf',
  payment: 'pay',
  card: 'card',
  refund: 'rfd',
  receipt: 'rcp',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/**
 * Cryptographic randomness drawn from a pooled buffer: ulid asks for one number per character, and a
 * syscall per number showed up as a tenth of the gateway's CPU under load.
 */
const pool = new Uint32Array(2048);
let next = pool.length;
function pooledRandom(): number {
  if (next >= pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 0x1_0000_0000;
}

const ulid = monotonicFactory(pooledRandom);

/** A new prefixed ULID, e.g. `stn_01JD…`; sortable by creation time. */
export function newId(kind: IdKind, atMs: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${ulid(atMs)}`;
}
