import type { CompiledQuery, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { runPipeline, type PipelinedStatement, type PipelineResult } from './pg-pipeline.js';
import { CACHED_PLAN_CHANGED, StatementNames } from './pg-prepared.js';

/**
 * The SQL text of a query that carries several compiled queries as its parameters, to be sent in one
 * round trip (executeTogether in together.ts). It is never sent to the server as such.
 */
export const TOGETHER_SQL = '/* chargenet: statements sent together */';

const BEGIN = /^\s*(begin|start transaction)\b/i;
const END = /^\s*(commit|rollback)\s*$/i;
const COMMIT = /^\s*commit\s*$/i;

const answered = (command: string, rows: unknown[] = []): PipelineResult => ({
  command,
  rowCount: null,
  rows,
});

/**
 * What Kysely's PostgresDialect gets as a pool client. Compared with a bare pg client:
 * - statements with parameters are named (pg-prepared.ts) and go through the pipeline submittable
 *   (pg-pipeline.ts), which costs less client CPU than pg's own Query;
 * - BEGIN is not sent on its own: it waits for the transaction's first statement and goes in the same
 *   round trip (a transaction that sends nothing sends neither BEGIN nor its COMMIT);
 * - a TOGETHER_SQL query sends its statements in one round trip; when its last statement is COMMIT
 *   (finishTogether), the transaction is over once it answers: the COMMIT Kysely sends next is answered
 *   here, and any other statement before it is refused rather than run outside the transaction.
 */
function wrapClient(client: pg.PoolClient, names: StatementNames | undefined): PostgresPoolClient {
  let pendingBegin: string | undefined;
  let inTransaction = false;
  let committedEarly = false;

  const statement = (sql: string, values: readonly unknown[]): PipelinedStatement => ({
    sql,
    values,
    name: names?.nameFor(sql, values.length),
  });

  /** Sends the statements, after the deferred BEGIN if there is one; answers them without it. */
  async function send(statements: PipelinedStatement[]): Promise<PipelineResult[]> {
    const begin = pendingBegin;
    pendingBegin = undefined;
    if (begin === undefined) return runPipeline(client, statements);
    const results = await runPipeline(client, [{ sql: begin, values: [] }, ...statements]);
    return results.slice(1);
  }

  async function one(sql: string, values: readonly unknown[]): Promise<PipelineResult> {
    const withBegin = pendingBegin !== undefined;
    const s = statement(sql, values);
    try {
      return (await send([s]))[0]!;
    } catch (err) {
      // A plan made before a migration changed the table's columns: never name this text again. Outside
      // a transaction the statement can simply run again; inside one, the transaction has failed.
      if ((err as { code?: string }).code !== CACHED_PLAN_CHANGED || s.name === undefined) throw err;
      names?.refuse(sql);
      if (withBegin || inTransaction) throw err;
      return (await send([{ sql, values }]))[0]!;
    }
  }

  async function query(sql: string, values: readonly unknown[]): Promise<PipelineResult> {
    if (committedEarly) {
      if (!END.test(sql)) throw new Error('A statement was sent after its transaction had committed');
      committedEarly = inTransaction = false;
      return answered(sql.trim().toUpperCase());
    }
    if (sql === TOGETHER_SQL) {
      const queries = values as readonly CompiledQuery[];
      const results = await send(queries.map((q) => statement(q.sql, q.parameters)));
      if (inTransaction && COMMIT.test(queries.at(-1)?.sql ?? '')) committedEarly = true;
      return answered('TOGETHER', results);
    }
    if (values.length > 0) return one(sql, values);
    if (BEGIN.test(sql)) inTransaction = true;
    else if (END.test(sql)) inTransaction = false;
    if (pendingBegin === undefined && BEGIN.test(sql)) {
      pendingBegin = sql;
      return answered('BEGIN');
    }
    if (pendingBegin !== undefined) {
      if (END.test(sql)) {
        pendingBegin = undefined;
        return answered(sql.trim().toUpperCase());
      }
      // Text without parameters may hold several statements (raw SQL, migrations), which only the
      // simple protocol accepts: BEGIN goes first, on its own.
      const begin = pendingBegin;
      pendingBegin = undefined;
      await client.query(begin);
    }
    return client.query(sql) as unknown as Promise<PipelineResult>;
  }

  // Cursors (Kysely's streamQuery) pass straight through to pg.
  const wrapped = (sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) =>
    typeof sqlOrCursor === 'string'
      ? query(sqlOrCursor, parameters ?? [])
      : client.query(sqlOrCursor as pg.Submittable);
  return {
    query: wrapped as unknown as PostgresPoolClient['query'],
    release: () => {
      pendingBegin = undefined;
      inTransaction = committedEarly = false;
      client.release();
    },
  };
}

/**
 * A pg pool, as Kysely's PostgresDialect wants it, whose clients work as wrapClient says. With
 * `names` undefined, statements run unnamed (for poolers that cannot keep prepared statements).
 */
export function wrapPool(
  pool: pg.Pool,
  names: StatementNames | undefined = new StatementNames(),
): PostgresPool {
  // Kysely keys its connection state by the client object, so each pooled client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrapClient(client, names)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}
