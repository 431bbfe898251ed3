import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, type Dialect, type QueryResult } from 'kysely';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { createPool } from 'mysql2';
import { retryOnTransientConflict, type DialectName } from './capabilities.js';
import { GroupCommitter } from './group-commit.js';
import { wrapPool } from './pg-client.js';
import { StatementNames } from './pg-prepared.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { executeTogether, finishTogether, writeTogetherOnPostgres, type TogetherQuery } from './together.js';

/** A database handle: the Kysely instance plus the dialect it speaks. Repositories narrow `db` to their own tables. */
export interface Database {
  // Each module narrows this to its own table types (`db as Kysely<FleetTables>`); the handle is shared.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  readonly dialect: DialectName;
  readonly url: string;
  /**
   * Runs work in a transaction and settles after it commits. On SQLite, concurrent callers share one
   * group commit (see group-commit.ts); elsewhere each call is its own transaction.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction<T>(work: (trx: Kysely<any>) => Promise<T>): Promise<T>;
  /** Statements that do not depend on each other, in one round trip where the dialect can (together.ts). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  executeTogether(db: Kysely<any>, queries: readonly TogetherQuery[]): Promise<QueryResult<unknown>[]>;
  /** The transaction's last statements, sent with its COMMIT where the dialect can (together.ts). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  finishTogether(trx: Kysely<any>, queries: readonly TogetherQuery[]): Promise<QueryResult<unknown>[]>;
  /**
   * The statements `build` makes, run together in a transaction of their own (on PostgreSQL, with
   * BEGIN and COMMIT in the same round trip); for writes whose answers decide nothing in between.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  writeTogether(build: (trx: Kysely<any>) => readonly TogetherQuery[]): Promise<QueryResult<unknown>[]>;
  destroy(): Promise<void>;
}

// BIGINT columns (counts, cycle numbers, minor units) fit in a JS number well below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// NUMERIC/DOUBLE are returned as numbers too.
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function dialectOf(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('mysql://')) return 'mysql';
  throw new Error(
    `DATABASE_URL must start with sqlite:, postgres:// or mysql:// (got ${JSON.stringify(url)})`,
  );
}

/**
 * Kysely prepares every query afresh; on better-sqlite3 preparing costs more than running a small
 * statement. Reusing prepared statements (keyed by SQL text) is safe because Kysely's SQLite driver
 * runs one query at a time per connection and never holds an iterator open for us. The cache is
 * bounded; when full, the oldest entry goes (first in, first out: a hit costs one map lookup, which
 * matters on the hottest path there is, and the few dozen hot statements never get near the bound).
 */
function withStatementCache(sqlite: Sqlite.Database, max = 1000) {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string): Sqlite.Statement {
      let statement = cache.get(sqlText);
      if (statement === undefined) {
        statement = sqlite.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}

/** `sqlite:./data/x.db` → `./data/x.db`; `sqlite::memory:` → `:memory:`. */
function sqlitePath(url: string): string {
  const rest = url.slice('sqlite:'.length).replace(/^\/\//, '');
  return rest === '' ? ':memory:' : rest;
}

export interface ConnectOptions {
  /** PostgreSQL only: plan repeated statements once per connection (see pg-prepared.ts). Default true. */
  namedStatements?: boolean;
}

/** Opens a connection pool for the URL's dialect. */
export function connectDatabase(url: string, poolSize = 10, options: ConnectOptions = {}): Database {
  const dialectName = dialectOf(url);
  let dialect: Dialect;
  let checkpointer: Checkpointer | undefined;
  if (dialectName === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new Sqlite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    // SQLite's default page cache is 2 MB: a server's working set (stations, slots, live rentals and
    // their indexes) outgrows it and every miss is a read syscall plus page decoding. In bench:rentals
    // a 64 MB cache gave 141–154 cycles/s and p99 rent → active ~41 ms where 16 MB gave 127 and 106 ms
    // (the database outgrows 16 MB during the run). Memory-mapped reads brought nothing measurable.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = memory');
    if (path !== ':memory:') {
      // Once checkpointed, the log starts over; beyond this size the file is also cut back.
      sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
      checkpointer = startCheckpointer(sqlite, path);
    }
    dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  } else if (dialectName === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    dialect = new PostgresDialect({
      pool: wrapPool(pool, options.namedStatements === false ? undefined : new StatementNames()),
    });
  } else {
    dialect = new MysqlDialect({
      pool: createPool({
        uri: url,
        connectionLimit: poolSize,
        timezone: 'Z',
        supportBigNumbers: true,
        bigNumberStrings: false,
        dateStrings: true,
      }),
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({ dialect });
  const committer = dialectName === 'sqlite' ? new GroupCommitter(db) : undefined;
  return {
    db,
    dialect: dialectName,
    url,
    transaction: (work) =>
      committer
        ? committer.run(work)
        : // A deadlock victim's work is all inside the transaction, so running it again is safe.
          retryOnTransientConflict(() => db.transaction().execute(work)),
    executeTogether: (on, queries) => executeTogether(dialectName, on, queries),
    finishTogether: (trx, queries) => finishTogether(dialectName, trx, queries),
    writeTogether: (build) =>
      committer
        ? committer.run((trx) => executeTogether(dialectName, trx, build(trx)))
        : dialectName === 'postgres'
          ? retryOnTransientConflict(() => writeTogetherOnPostgres(db, build(db)))
          : retryOnTransientConflict(() =>
              db.transaction().execute((trx) => executeTogether(dialectName, trx, build(trx))),
            ),
    destroy: async () => {
      await db.destroy();
      await checkpointer?.stop();
    },
  };
}
