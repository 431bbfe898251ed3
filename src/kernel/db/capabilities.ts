import { sql, type InsertQueryBuilder, type RawBuilder } from 'kysely';

/**
 * Every difference between SQLite, PostgreSQL and MySQL lives here, as capability helpers.
 * Features never branch on the dialect themselves.
 */
export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface Capabilities {
  /** INSERT/UPDATE … RETURNING (PostgreSQL and SQLite; not MySQL 8 / Aurora). */
  readonly supportsReturning: boolean;
  /**
   * A write transaction already excludes every other writer (SQLite: one writer per database), so
   * taking a row lock to serialise work on one entity is unnecessary.
   */
  readonly serializesWriters: boolean;
}

export function capabilitiesOf(dialect: DialectName): Capabilities {
  return { supportsReturning: dialect !== 'mysql', serializesWriters: dialect === 'sqlite' };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the helpers accept any table's insert builder */
type AnyInsert = InsertQueryBuilder<any, any, any>;

/** Insert that silently skips rows whose unique key already exists (dedup). */
export function insertIgnoringDuplicates<Q extends AnyInsert>(dialect: DialectName, qb: Q): Q {
  if (dialect === 'mysql') return qb.ignore() as Q;
  return qb.onConflict((oc) => oc.doNothing()) as Q;
}

/** Insert or, when the conflict key exists, overwrite the named columns with the inserted values. */
export function upsert<Q extends AnyInsert>(
  dialect: DialectName,
  qb: Q,
  conflictColumns: readonly string[],
  updateColumns: readonly string[],
): Q {
  const set: Record<string, RawBuilder<unknown>> = {};
  for (const column of updateColumns) {
    // VALUES() is understood by MariaDB and MySQL 8 alike (the row-alias form is MySQL-only).
    set[column] = dialect === 'mysql' ? sql`values(${sql.ref(column)})` : sql.ref(`excluded.${column}`);
  }
  if (dialect === 'mysql') return qb.onDuplicateKeyUpdate(set) as Q;
  return qb.onConflict((oc) => oc.columns(conflictColumns as string[]).doUpdateSet(set)) as Q;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Rows changed by an insert/update/delete result (or a raw QueryResult), as a number, on every dialect. */
export function affectedRows(result: {
  numInsertedOrUpdatedRows?: bigint;
  numUpdatedRows?: bigint;
  numDeletedRows?: bigint;
  numAffectedRows?: bigint;
}): number {
  return Number(
    result.numInsertedOrUpdatedRows ??
      result.numUpdatedRows ??
      result.numDeletedRows ??
      result.numAffectedRows ??
      0n,
  );
}

/** True when a driver error is a unique-constraint violation (SQLite, PostgreSQL 23505, MySQL/MariaDB 1062). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === '23505' ||
    e.code === 'ER_DUP_ENTRY' ||
    e.errno === 1062
  );
}

/** True when a driver error is a foreign-key violation (SQLite, PostgreSQL 23503, MySQL/MariaDB 1452). */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  return (
    e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    e.code === '23503' ||
    e.code === 'ER_NO_REFERENCED_ROW_2' ||
    e.errno === 1452
  );
}

/**
 * A bound value with an explicit SQL type where the dialect needs one: PostgreSQL types a parameter
 * inside CASE … THEN as text and then refuses to assign it to a numeric column; SQLite and MySQL
 * (whose driver inlines values) take the bare value.
 */
export function typedValue(dialect: DialectName, value: unknown, pgType: SqlType): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`cast(${value} as ${sql.raw(pgType)})` : sql`${value}`;
}

export type SqlType = 'bigint' | 'integer' | 'double precision' | 'text';

/** A column of updateManyByKey: how it is typed, and how its new value comes from the current one and the row's. */
export interface KeyedColumn {
  name: string;
  type: SqlType;
  /** Defaults to the row's value where it has one (not null), else the current one. */
  combine?: (current: RawBuilder<unknown>, incoming: RawBuilder<unknown>) => RawBuilder<unknown>;
}

/**
 * One UPDATE of many rows, each by its key, with a value per row: the rows form a derived table
 * joined on the key, so the statement's cost grows with the rows. (The obvious alternative, a
 * `CASE key WHEN … THEN …` per column, makes every row scan every WHEN: 10,000 stations' presence
 * in chunks of 250 cost a second of CPU on SQLite.) SQLite and PostgreSQL take `UPDATE … FROM`,
 * MySQL and MariaDB a multi-table UPDATE with a JOIN. `rows` are `[key, ...values in column order]`;
 * an undefined or null value keeps the default combine on the current one.
 */
export function updateManyByKey(
  dialect: DialectName,
  table: string,
  key: { name: string; type: SqlType },
  columns: readonly KeyedColumn[],
  rows: readonly (readonly unknown[])[],
): RawBuilder<unknown> {
  const all = [key, ...columns];
  const names = all.map((c, i) => sql.raw(i === 0 ? 'k' : `c${i}`));
  const current = (c: KeyedColumn) => sql.ref(`${table}.${c.name}`);
  const incoming = (i: number) => sql.ref(`v.c${i + 1}`);
  const assign = columns.map((c, i) => {
    const value = c.combine
      ? c.combine(current(c), incoming(i))
      : sql`coalesce(${incoming(i)}, ${current(c)})`;
    return dialect === 'mysql' ? sql`${current(c)} = ${value}` : sql`${sql.ref(c.name)} = ${value}`;
  });
  const value = (v: unknown, type: SqlType) => typedValue(dialect, v ?? null, type);
  if (dialect === 'mysql') {
    const selects = rows.map(
      (row, r) =>
        sql`select ${sql.join(
          all.map((c, i) =>
            r === 0 ? sql`${value(row[i], c.type)} as ${names[i]!}` : value(row[i], c.type),
          ),
        )}`,
    );
    return sql`update ${sql.table(table)} join (${sql.join(selects, sql` union all `)}) as v on ${sql.ref(
      `${table}.${key.name}`,
    )} = v.k set ${sql.join(assign)}`;
  }
  const tuples = rows.map((row) => sql`(${sql.join(all.map((c, i) => value(row[i], c.type)))})`);
  return sql`with v (${sql.join(names)}) as (values ${sql.join(tuples)}) update ${sql.table(
    table,
  )} set ${sql.join(assign)} from v where ${sql.ref(`${table}.${key.name}`)} = v.k`;
}

/**
 * True for errors that mean "this transaction lost a race; run it again": a deadlock (MySQL/MariaDB
 * 1213, PostgreSQL 40P01) or a serialization failure (PostgreSQL 40001). InnoDB in particular picks a
 * deadlock victim whenever two transactions insert into the same unique-index gap they both read.
 */
export function isTransientConflict(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  return e.errno === 1213 || e.code === 'ER_LOCK_DEADLOCK' || e.code === '40P01' || e.code === '40001';
}

/**
 * Runs a single statement (or a short sequence outside a transaction) again when the database picked
 * it as a deadlock victim — InnoDB can, even for one-row autocommit writes racing on a unique key.
 * Database.transaction() (connect.ts) retries whole transactions with it.
 */
export async function retryOnTransientConflict<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || !isTransientConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
