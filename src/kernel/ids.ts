import { monotonicFactory } from 'ulid';

/** Every entity id carries a prefix naming its kind, so an id in a log line or a URL explains itself. */
export const ID_PREFIXES = {
  site: 'sit',
  station: 'stn',
  powerBank: 'pb',
  command: 'cmd',
  alert: 'alr',
  message: 'msg',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ulid = monotonicFactory();

/** A new prefixed ULID, e.g. `stn_01JD…`; sortable by creation time. */
export function newId(kind: IdKind, atMs: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${ulid(atMs)}`;
}
