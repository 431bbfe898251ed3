import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * PostgreSQL parses and plans every unnamed statement afresh. Our statements are few and repeated
 * thousands of times (a rental cycle runs ~100 of a few dozen shapes), so naming each distinct SQL
 * text makes the server parse it once per connection and reuse the plan: measurably less server CPU
 * per statement. Only plannable statements with parameters are named (transaction control and DDL
 * stay unnamed); the number of names is bounded so an unusual stream of distinct texts (long `in`
 * lists) cannot grow every connection's memory without limit — beyond it, statements run unnamed.
 *
 * A statement prepared before a migration changed its table's columns fails with "cached plan must
 * not change result type" (0A000). That text is then never named again and the query is retried
 * unnamed (which works outside a transaction; inside one, the transaction fails as any error would).
 */
const PLANNABLE = /^\s*(select|insert|update|delete|with)\b/i;
const CACHED_PLAN_CHANGED = '0A000';

export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly refused = new Set<string>();

  constructor(private readonly max = 2_000) {}

  /** The statement name for this SQL text, or undefined to run it unnamed. */
  nameFor(sql: string, parameterCount: number): string | undefined {
    if (parameterCount === 0 || this.refused.has(sql)) return undefined;
    let name = this.names.get(sql);
    if (name === undefined) {
      if (this.names.size >= this.max || !PLANNABLE.test(sql)) return undefined;
      name = `k${this.names.size + 1}`;
      this.names.set(sql, name);
    }
    return name;
  }

  refuse(sql: string): void {
    this.refused.add(sql);
  }
}

function namedClient(client: pg.PoolClient, names: StatementNames): PostgresPoolClient {
  async function query(sql: string, parameters: ReadonlyArray<unknown>) {
    const values = [...parameters];
    const name = names.nameFor(sql, values.length);
    if (name === undefined) return client.query(sql, values);
    try {
      return await client.query({ name, text: sql, values });
    } catch (err) {
      if ((err as { code?: string }).code !== CACHED_PLAN_CHANGED) throw err;
      names.refuse(sql);
      return client.query(sql, values);
    }
  }
  // Cursors (Kysely's streamQuery) pass straight through to pg.
  const wrapped = (sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) =>
    typeof sqlOrCursor === 'string'
      ? query(sqlOrCursor, parameters ?? [])
      : client.query(sqlOrCursor as pg.Submittable);
  return { query: wrapped as unknown as PostgresPoolClient['query'], release: () => client.release() };
}

/** A pg pool, as Kysely's PostgresDialect wants it, whose clients name repeated statements. */
export function withNamedStatements(pool: pg.Pool, names = new StatementNames()): PostgresPool {
  // Kysely keys its connection state by the client object, so each pooled client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = namedClient(client, names)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}
