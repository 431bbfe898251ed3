import type { Kysely, Selectable } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import {
  affectedRows,
  insertIgnoringDuplicates,
  type Database,
  type DialectName,
} from '../../kernel/db/index.js';
import { newId } from '../../kernel/ids.js';
import { prepare } from './fleet.prepared.js';
import type { AlertSeverity, FleetAlertTable, FleetTables } from './fleet.tables.js';
import type { Alert, AlertFilter } from './fleet.types.js';

export interface RaiseAlertInput {
  /** Stable code, e.g. INVENTORY_DRIFT, BANK_UNKNOWN (see ALERT_TYPES) */
  type: string;
  severity: AlertSeverity;
  stationId?: string;
  powerBankId?: string;
  message: string;
  details?: Record<string, unknown>;
  /** While an alert with this key is open, raising again counts an occurrence instead of a new alert */
  key?: string;
}

const KEY_MAX = 191;

function toAlert(row: Selectable<FleetAlertTable>): Alert {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    stationId: row.station_id,
    powerBankId: row.power_bank_id,
    message: row.message,
    details: JSON.parse(row.details) as Record<string, unknown>,
    status: row.status,
    occurrences: Number(row.occurrences),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}

/** Operations alerts. Every method takes the connection to use, so callers can write inside their own transaction. */
export class AlertsRepository {
  readonly db: Kysely<FleetTables>;
  private readonly dialect: DialectName;

  constructor(database: Database) {
    this.db = database.db as Kysely<FleetTables>;
    this.dialect = database.dialect;
  }

  /**
   * Opens an alert, or counts one more occurrence of the open alert with the same key. The insert
   * ignores a duplicate key rather than failing, because a failed statement would abort the caller's
   * PostgreSQL transaction when two processes raise the same alert at once.
   */
  async raise(
    db: Kysely<FleetTables>,
    input: RaiseAlertInput,
    nowMs: number,
  ): Promise<{ alert: Alert; created: boolean }> {
    const now = toIso(nowMs);
    const key = input.key?.slice(0, KEY_MAX);
    const details = JSON.stringify(input.details ?? {});
    if (key) {
      const existing = await this.countOccurrence(db, key, details, now);
      if (existing) return { alert: existing, created: false };
    }
    const id = newId('alert', nowMs);
    const insert = db.insertInto('fleet_alerts').values({
      id,
      type: input.type.slice(0, 64),
      severity: input.severity,
      station_id: input.stationId ?? null,
      power_bank_id: input.powerBankId ?? null,
      message: input.message.slice(0, 500),
      details,
      status: 'open',
      open_key: key ?? null,
      occurrences: 1,
      created_at: now,
      updated_at: now,
      resolved_at: null,
    });
    const inserted = affectedRows(await insertIgnoringDuplicates(this.dialect, insert).executeTakeFirst());
    if (inserted === 0 && key) {
      const existing = await this.countOccurrence(db, key, details, now);
      if (existing) return { alert: existing, created: false };
    }
    return { alert: (await this.get(id, db))!, created: true };
  }

  /** Resolves an open alert and frees its key; returns the alert (as it now is), or undefined if it does not exist. */
  async resolve(db: Kysely<FleetTables>, id: string, nowMs: number): Promise<Alert | undefined> {
    await db
      .updateTable('fleet_alerts')
      .set({ status: 'resolved', open_key: null, resolved_at: toIso(nowMs), updated_at: toIso(nowMs) })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute();
    return this.get(id, db);
  }

  /** Resolves the open alert with this key, if any; true when one was resolved. */
  async resolveByKey(db: Kysely<FleetTables>, key: string, nowMs: number): Promise<boolean> {
    const result = await resolveOpen(db, toIso(nowMs), key.slice(0, KEY_MAX));
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  async get(id: string, db: Kysely<FleetTables> = this.db): Promise<Alert | undefined> {
    const row = await db.selectFrom('fleet_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAlert(row);
  }

  /** Alerts newest first; limit defaults to 50, at most 500. */
  async list(filter: AlertFilter = {}): Promise<Alert[]> {
    let q = this.db
      .selectFrom('fleet_alerts')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(1, Math.min(filter.limit ?? 50, 500)));
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.stationId) q = q.where('station_id', '=', filter.stationId);
    if (filter.type) q = q.where('type', '=', filter.type);
    return (await q.execute()).map(toAlert);
  }

  private async countOccurrence(
    db: Kysely<FleetTables>,
    key: string,
    details: string,
    now: string,
  ): Promise<Alert | undefined> {
    const result = await db
      .updateTable('fleet_alerts')
      .set((eb) => ({ occurrences: eb('occurrences', '+', 1), details, updated_at: now }))
      .where('open_key', '=', key)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (affectedRows(result) === 0) return undefined;
    const row = await db
      .selectFrom('fleet_alerts')
      .selectAll()
      .where('open_key', '=', key)
      .executeTakeFirst();
    return row && toAlert(row);
  }
}

/** Every mains and slot-recovery event runs this (usually matching nothing): compiled once. */
const resolveOpen = prepare<[string, string], never>(2, (db, arg) =>
  db
    .updateTable('fleet_alerts')
    .set({ status: 'resolved', open_key: null, resolved_at: arg(0), updated_at: arg(0) })
    .where('open_key', '=', arg(1))
    .where('status', '=', 'open'),
);
