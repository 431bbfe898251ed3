import type { Kysely, Selectable } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import {
  affectedRows,
  insertIgnoringDuplicates,
  type Database,
  type DialectName,
} from '../../kernel/db/index.js';
import { newId } from '../../kernel/ids.js';
import { prepare, registerDialect } from './fleet.prepared.js';
import type { FleetTables, StationMessageTable } from './fleet.tables.js';
import type { StationMessage } from './fleet.types.js';

/** Stored payloads are capped: the log is for diagnosis, and one chatty station must not bloat the table. */
export const INBOUND_PAYLOAD_MAX_BYTES = 8 * 1024;
export const REJECTED_PAYLOAD_MAX_BYTES = 2 * 1024;
const ERROR_MAX_CHARS = 500;
const TRUNCATED = '…[truncated]';

export interface InboundRecord {
  stationId: string;
  /** Topic leaf: hello, inventory, event, result, status */
  kind: string;
  /** The station's `id`; the dedup key together with the station id */
  messageId: string;
  /** Raw text (or bytes, or an already-parsed object) as received */
  payload: unknown;
  /** The station's `ts` (ISO text or epoch ms); unparseable values are stored as null */
  stationTs?: string | number | null;
  receivedAtMs: number;
}

export interface RejectedRecord {
  stationId: string;
  kind: string;
  payload: unknown;
  /** Why it was rejected, e.g. `not JSON`, `slots.0.batteryPct: Expected integer` */
  error: string;
  receivedAtMs: number;
}

export interface OutboundRecord {
  stationId: string;
  commandId: string;
  payload: unknown;
  sentAtMs: number;
}

/**
 * A payload as stored: text, at most `maxBytes` of UTF-8. Bytes that already fit are decoded once;
 * anything else goes through asText and truncateUtf8.
 */
function storedPayload(payload: unknown, maxBytes: number): string {
  if (payload instanceof Uint8Array && payload.length <= maxBytes && !payload.includes(0)) {
    return Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString('utf8');
  }
  return truncateUtf8(asText(payload), maxBytes);
}

/** Text of a payload in any form, with NULs escaped (PostgreSQL text refuses them). */
function asText(payload: unknown): string {
  let text: string;
  if (typeof payload === 'string') text = payload;
  else if (payload instanceof Uint8Array) text = Buffer.from(payload).toString('utf8');
  else text = JSON.stringify(payload) ?? String(payload);
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\\u0000') : text;
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes - Buffer.byteLength(TRUNCATED);
  // Back off continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + TRUNCATED;
}

function isoOrNull(ts: string | number | null | undefined): string | null {
  if (ts === null || ts === undefined) return null;
  const ms = typeof ts === 'number' ? ts : Date.parse(ts);
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? toIso(ms) : null;
}

/**
 * The outbound log insert, unexecuted: the repository runs it, and CommandsRepository.markSent sends
 * it together with the command's move to sent.
 */
export function outboundInsert(db: Kysely<FleetTables>, dialect: DialectName, input: OutboundRecord) {
  return insertIgnoringDuplicates(
    dialect,
    db.insertInto('fleet_station_messages').values({
      id: newId('message', input.sentAtMs),
      station_id: input.stationId,
      direction: 'out',
      kind: 'command',
      message_id: input.commandId,
      outcome: 'sent',
      error: null,
      payload: storedPayload(input.payload, INBOUND_PAYLOAD_MAX_BYTES),
      station_ts: null,
      received_at: toIso(input.sentAtMs),
    }),
  );
}

function toMessage(row: Selectable<StationMessageTable>): StationMessage {
  return {
    id: row.id,
    stationId: row.station_id,
    direction: row.direction,
    kind: row.kind,
    messageId: row.message_id,
    outcome: row.outcome,
    error: row.error,
    payload: row.payload,
    stationTs: row.station_ts,
    receivedAt: row.received_at,
  };
}

/**
 * The station message log, which is also the dedup store: the unique (station_id, direction,
 * message_id) index lets an inbound message be applied at most once, on every dialect and across
 * several gateway processes.
 */
export class MessagesRepository {
  private readonly db: Kysely<FleetTables>;
  private readonly dialect: DialectName;

  constructor(private readonly database: Database) {
    this.db = database.db as Kysely<FleetTables>;
    this.dialect = database.dialect;
  }

  /** Logs an inbound message; false when the station already sent this id (a duplicate to drop). */
  async recordInbound(input: InboundRecord, db?: Kysely<FleetTables>): Promise<boolean> {
    // On its own it joins the database's (group-)committed transactions: one commit per message is the
    // gateway's dearest cost on SQLite.
    if (!db) {
      return this.database.transaction((trx) => {
        registerDialect(trx, this.dialect);
        return this.recordInbound(input, trx as Kysely<FleetTables>);
      });
    }
    const result = await this.insertInbound(
      db,
      newId('message', input.receivedAtMs),
      input.stationId,
      input.kind.slice(0, 16),
      input.messageId,
      storedPayload(input.payload, INBOUND_PAYLOAD_MAX_BYTES),
      isoOrNull(input.stationTs),
      toIso(input.receivedAtMs),
    );
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  /** Every logged station message runs this insert: built and compiled once (fleet.prepared.ts). */
  private readonly insertInbound = prepare<
    [string, string, string, string, string, string | null, string],
    never
  >(7, (db, arg) =>
    insertIgnoringDuplicates(
      this.dialect,
      db.insertInto('fleet_station_messages').values({
        id: arg(0),
        station_id: arg(1),
        direction: 'in',
        kind: arg(2),
        message_id: arg(3),
        outcome: 'applied',
        error: null,
        payload: arg(4),
        station_ts: arg(5),
        received_at: arg(6),
      }),
    ),
  );

  /**
   * Logs an inbound message that was refused or failed to apply (its unit rolled back): kept for
   * diagnosis, marked rejected with the error, and without a dedup key, so a re-delivery is applied.
   */
  async recordInboundRejected(input: InboundRecord, error: string): Promise<void> {
    await this.insertRejected(input, error, INBOUND_PAYLOAD_MAX_BYTES, isoOrNull(input.stationTs));
  }

  /** Logs a malformed or refused inbound payload (no message id: it never takes part in dedup). */
  async recordRejected(input: RejectedRecord): Promise<void> {
    await this.insertRejected(input, input.error, REJECTED_PAYLOAD_MAX_BYTES, null);
  }

  private async insertRejected(
    input: Pick<RejectedRecord, 'stationId' | 'kind' | 'payload' | 'receivedAtMs'>,
    error: string,
    payloadMaxBytes: number,
    stationTs: string | null,
  ): Promise<void> {
    await this.db
      .insertInto('fleet_station_messages')
      .values({
        id: newId('message', input.receivedAtMs),
        station_id: input.stationId,
        direction: 'in',
        kind: input.kind.slice(0, 16),
        message_id: null,
        outcome: 'rejected',
        error: asText(error).slice(0, ERROR_MAX_CHARS),
        payload: storedPayload(input.payload, payloadMaxBytes),
        station_ts: stationTs,
        received_at: toIso(input.receivedAtMs),
      })
      .execute();
  }

  /** Logs a command published to a station; a command id is logged once however often it is published. */
  async recordOutbound(input: OutboundRecord): Promise<void> {
    await outboundInsert(this.db, this.dialect, input).execute();
  }

  /** A station's most recent messages, both directions, newest first. */
  async list(stationId: string, limit = 50): Promise<StationMessage[]> {
    const rows = await this.db
      .selectFrom('fleet_station_messages')
      .selectAll()
      .where('station_id', '=', stationId)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(1, Math.min(limit, 1000)))
      .execute();
    return rows.map(toMessage);
  }

  /**
   * Deletes log rows received before the cutoff; returns how many. Dedup only needs to outlive the
   * station's re-delivery window, so a retention of days is safe.
   */
  async pruneOlderThan(cutoffMs: number): Promise<number> {
    const result = await this.db
      .deleteFrom('fleet_station_messages')
      .where('received_at', '<', toIso(cutoffMs))
      .executeTakeFirst();
    return affectedRows(result);
  }
}
