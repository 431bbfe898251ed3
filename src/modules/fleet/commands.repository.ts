import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { toIso } from '../../kernel/clock.js';
import {
  affectedRows,
  capabilitiesOf,
  isForeignKeyViolation,
  isUniqueViolation,
  type Database,
  type TogetherQuery,
} from '../../kernel/db/index.js';
import { newId } from '../../kernel/ids.js';
import { ejectInProgress, stationNotFound } from './fleet.errors.js';
import type { CommandStatus, CommandType, FleetTables, StationCommandTable } from './fleet.tables.js';
import type { CommandFilter, TrackedCommand } from './fleet.types.js';
import { outboundInsert, type OutboundRecord } from './messages.repository.js';

export interface NewCommandRecord {
  stationId: string;
  type: CommandType;
  params: Record<string, unknown>;
  /** `ops:<who>`, `rental:<id>`, `system` */
  requestedBy: string;
  issuedAtMs: number;
  expiresAtMs: number;
  /** Defaults to a new `cmd_…` id */
  id?: string;
}

export type FinalCommandStatus = 'succeeded' | 'failed' | 'expired';

/** A station's result applied to a command: the command it completed, or why nothing changed. */
export type StationCompletion =
  | { completed: TrackedCommand }
  /** No such command, another station's command, or one that already has a final status. */
  | { completed?: undefined; command: TrackedCommand | undefined };

export interface CommandCompletion {
  status: FinalCommandStatus;
  /** The station's failure code (SLOT_EMPTY, MOTOR, … or REJECTED) */
  code?: string;
  /** The station's full result payload */
  result?: Record<string, unknown>;
}

const IN_FLIGHT: CommandStatus[] = ['pending', 'sent'];

function toCommand(row: Selectable<StationCommandTable>): TrackedCommand {
  return {
    id: row.id,
    stationId: row.station_id,
    type: row.type,
    params: JSON.parse(row.params) as Record<string, unknown>,
    status: row.status,
    resultCode: row.result_code,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    sentAt: row.sent_at,
    completedAt: row.completed_at,
    requestedBy: row.requested_by,
    result: row.result === null ? null : (JSON.parse(row.result) as Record<string, unknown>),
  };
}

/**
 * Tracked command records. Every status change is a conditional update from an in-flight status,
 * so a late or duplicated result, or two gateway processes racing, change a command at most once.
 *
 * A final status (succeeded, failed, expired, timed_out) is never left automatically: nothing here
 * re-sends a command. Field firmware has been seen to ignore `expiresAt` and execute a command late,
 * so re-publishing an expired or unanswered eject could release a second power bank. A retry is a NEW
 * command, issued after a `sync` has shown what the station really did.
 */
export class CommandsRepository {
  private readonly db: Kysely<FleetTables>;
  private readonly returning: boolean;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {
    this.db = database.db as Kysely<FleetTables>;
    this.returning = capabilitiesOf(database.dialect).supportsReturning;
  }

  /**
   * Records a new command as pending. An eject takes the station's eject lock (a unique column), so a
   * second eject while one is in flight throws FLEET_EJECT_IN_PROGRESS, even across processes.
   */
  async create(input: NewCommandRecord): Promise<TrackedCommand> {
    const now = toIso(this.clock.nowMs());
    const row: Selectable<StationCommandTable> = {
      id: input.id ?? newId('command', input.issuedAtMs),
      station_id: input.stationId,
      type: input.type,
      params: JSON.stringify(input.params ?? {}),
      status: 'pending',
      eject_lock: input.type === 'eject' ? input.stationId : null,
      result_code: null,
      result: null,
      issued_at: toIso(input.issuedAtMs),
      expires_at: toIso(input.expiresAtMs),
      sent_at: null,
      completed_at: null,
      requested_by: input.requestedBy.slice(0, 128),
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto('fleet_station_commands').values(row).execute();
    } catch (err) {
      if (row.eject_lock && isUniqueViolation(err)) throw ejectInProgress(input.stationId);
      if (isForeignKeyViolation(err)) throw stationNotFound(input.stationId);
      throw err;
    }
    return toCommand(row);
  }

  /**
   * pending → sent; false when the command had already moved on (e.g. its result raced the publish).
   * With `log` and/or `alongside`, the published payload is logged and whatever `alongside` adds
   * (another module's record of the send) is written in the same transaction: independent writes, so
   * on PostgreSQL the whole transaction is one round trip.
   */
  async markSent(
    id: string,
    atMs: number,
    log?: OutboundRecord,
    alongside?: (db: Kysely<FleetTables>) => readonly TogetherQuery[],
  ): Promise<boolean> {
    if (log || alongside) {
      const [sent] = await this.database.writeTogether((trx) => {
        const db = trx as Kysely<FleetTables>;
        return [
          this.markSentQuery(db, id, atMs),
          ...(log ? [outboundInsert(db, this.database.dialect, log)] : []),
          ...(alongside?.(db) ?? []),
        ];
      });
      return affectedRows(sent!) > 0;
    }
    return affectedRows(await this.markSentQuery(this.db, id, atMs).executeTakeFirst()) > 0;
  }

  private markSentQuery(db: Kysely<FleetTables>, id: string, atMs: number) {
    return db
      .updateTable('fleet_station_commands')
      .set({ status: 'sent', sent_at: toIso(atMs), updated_at: toIso(this.clock.nowMs()) })
      .where('id', '=', id)
      .where('status', '=', 'pending');
  }

  /**
   * Final status from the station's result. Only a pending or sent command changes; a late or
   * duplicate result returns undefined and changes nothing. Releases the eject lock.
   */
  async complete(id: string, outcome: CommandCompletion, atMs: number): Promise<TrackedCommand | undefined> {
    return this.finish(this.db, { id }, outcome.status, atMs, completionColumns(outcome));
  }

  /**
   * Completes a station's command from its result, inside the caller's transaction when `db` is given:
   * one conditional update in the common case. Only a pending or sent command of that station changes;
   * otherwise nothing changes and the command (if any, whoever's) is returned so the caller can say why.
   */
  async completeFromStation(
    stationId: string,
    id: string,
    outcome: CommandCompletion,
    atMs: number,
    db: Kysely<FleetTables> = this.db,
  ): Promise<StationCompletion> {
    const completed = await this.finish(
      db,
      { id, stationId },
      outcome.status,
      atMs,
      completionColumns(outcome),
    );
    return completed ? { completed } : { command: await this.get(id, db) };
  }

  /** Sent commands with no result since before the cutoff become timed_out; returns those it changed. */
  async timeOutSentBefore(cutoffMs: number): Promise<TrackedCommand[]> {
    const candidates = await this.db
      .selectFrom('fleet_station_commands')
      .select('id')
      .where('status', '=', 'sent')
      .where('sent_at', '<', toIso(cutoffMs))
      .execute();
    return this.finishAll(
      candidates.map((c) => c.id),
      'timed_out',
    );
  }

  /** Pending commands (never published) past their expiry become expired; returns those it changed. */
  async expirePendingBefore(nowMs: number): Promise<TrackedCommand[]> {
    const candidates = await this.db
      .selectFrom('fleet_station_commands')
      .select('id')
      .where('status', '=', 'pending')
      .where('expires_at', '<', toIso(nowMs))
      .execute();
    return this.finishAll(
      candidates.map((c) => c.id),
      'expired',
    );
  }

  async get(id: string, db: Kysely<FleetTables> = this.db): Promise<TrackedCommand | undefined> {
    const row = await db
      .selectFrom('fleet_station_commands')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toCommand(row);
  }

  /** Commands newest first, optionally of one station and/or one status; limit defaults to 50, at most 500. */
  async list(filter: CommandFilter = {}): Promise<TrackedCommand[]> {
    let q = this.db
      .selectFrom('fleet_station_commands')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(1, Math.min(filter.limit ?? 50, 500)));
    if (filter.stationId) q = q.where('station_id', '=', filter.stationId);
    if (filter.status) q = q.where('status', '=', filter.status);
    return (await q.execute()).map(toCommand);
  }

  /** Per-row conditional updates, so a command another process finished meanwhile is left alone and not reported. */
  private async finishAll(ids: string[], status: 'timed_out' | 'expired'): Promise<TrackedCommand[]> {
    const done: TrackedCommand[] = [];
    const atMs = this.clock.nowMs();
    for (const id of ids) {
      const command = await this.finish(this.db, { id }, status, atMs, {});
      if (command) done.push(command);
    }
    return done;
  }

  /**
   * The one way to a final status: a conditional update from an in-flight status. Returns the command as
   * the update left it (RETURNING where the dialect has it, else read back in the same transaction), or
   * undefined when it was not in flight (or not this station's).
   */
  private async finish(
    db: Kysely<FleetTables>,
    which: { id: string; stationId?: string },
    status: Exclude<CommandStatus, 'pending' | 'sent'>,
    atMs: number,
    extra: { result_code?: string | null; result?: string | null },
  ): Promise<TrackedCommand | undefined> {
    let update = db
      .updateTable('fleet_station_commands')
      .set({
        ...extra,
        status,
        eject_lock: null,
        completed_at: toIso(atMs),
        updated_at: toIso(this.clock.nowMs()),
      })
      .where('id', '=', which.id)
      .where('status', 'in', IN_FLIGHT);
    if (which.stationId !== undefined) update = update.where('station_id', '=', which.stationId);
    if (this.returning) {
      const row = await update.returningAll().executeTakeFirst();
      return row && toCommand(row);
    }
    return affectedRows(await update.executeTakeFirst()) > 0 ? this.get(which.id, db) : undefined;
  }
}

function completionColumns(outcome: CommandCompletion): {
  result_code: string | null;
  result: string | null;
} {
  return {
    result_code: outcome.code?.slice(0, 32) ?? null,
    result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
  };
}
