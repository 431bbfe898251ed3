import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { DialectName } from './capabilities.js';
import { TOGETHER_SQL } from './pg-client.js';

const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** A query to send together with others: built (Compilable) or already compiled. */
export type TogetherQuery = CompiledQuery | Compilable;

const compiled = (q: TogetherQuery): CompiledQuery =>
  'compile' in q && typeof q.compile === 'function' ? q.compile() : (q as CompiledQuery);

/**
 * Runs statements that do not depend on each other's answers, in order, and answers each. On
 * PostgreSQL they go in one round trip (pg-pipeline.ts); SQLite answers in-process and MySQL's driver
 * has no pipelining, so there they simply run one after another. The first that fails rejects the
 * call and the rest do not run. Meant inside a transaction (so all dialects agree on what a failure
 * leaves behind); each must be a single statement.
 */
export async function executeTogether(
  dialect: DialectName,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any module's tables
  db: Kysely<any>,
  queries: readonly TogetherQuery[],
): Promise<QueryResult<unknown>[]> {
  if (dialect !== 'postgres' || queries.length < 2) {
    const results: QueryResult<unknown>[] = [];
    for (const q of queries) results.push(await db.executeQuery(q));
    return results;
  }
  const all = queries.map(compiled);
  const { rows } = await db.executeQuery<{ command: string; rowCount: number | null; rows: unknown[] }>(
    CompiledQuery.raw(TOGETHER_SQL, all),
  );
  return rows.map((r) => ({
    rows: r.rows,
    ...(r.command === 'INSERT' || r.command === 'UPDATE' || r.command === 'DELETE' || r.command === 'MERGE'
      ? { numAffectedRows: BigInt(r.rowCount ?? 0) }
      : {}),
  }));
}

/**
 * The last statements of a transaction, sent with its COMMIT in one round trip on PostgreSQL: for
 * writes nothing in the transaction waits for (a log line, a "something changed" stamp). Nothing may
 * run in the transaction after them — PostgreSQL has committed it, and a statement sent after would be
 * refused. Elsewhere they run in sequence and the transaction commits as usual.
 */
export async function finishTogether(
  dialect: DialectName,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any module's tables
  trx: Kysely<any>,
  queries: readonly TogetherQuery[],
): Promise<QueryResult<unknown>[]> {
  if (dialect !== 'postgres' || queries.length === 0) return executeTogether(dialect, trx, queries);
  return (await executeTogether(dialect, trx, [...queries, COMMIT])).slice(0, -1);
}

/**
 * executeTogether in a transaction of its own: on PostgreSQL BEGIN, the statements and COMMIT go in
 * one round trip (a failure rolls everything back). For writes whose answers decide nothing about
 * the transaction — e.g. a guarded update and the log line that goes with it.
 */
export async function writeTogetherOnPostgres(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any module's tables
  db: Kysely<any>,
  queries: readonly TogetherQuery[],
): Promise<QueryResult<unknown>[]> {
  return db.connection().execute(async (conn) => {
    try {
      const results = await executeTogether('postgres', conn, [BEGIN, ...queries, COMMIT]);
      return results.slice(1, -1);
    } catch (err) {
      // The failed statement left the transaction aborted (or it never began: then this only warns).
      await conn.executeQuery(ROLLBACK).catch(() => undefined);
      throw err;
    }
  });
}
