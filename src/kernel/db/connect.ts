import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { createPool } from 'mysql2';
import type { DialectName } from './capabilities.js';

/** A database handle: the Kysely instance plus the dialect it speaks. Repositories narrow `db` to their own tables. */
export interface Database {
  // Each module narrows this to its own table types (`db as Kysely<FleetTables>`); the handle is shared.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  readonly dialect: DialectName;
  readonly url: string;
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

/** `sqlite:./data/x.db` → `./data/x.db`; `sqlite::memory:` → `:memory:`. */
function sqlitePath(url: string): string {
  const rest = url.slice('sqlite:'.length).replace(/^\/\//, '');
  return rest === '' ? ':memory:' : rest;
}

/** Opens a connection pool for the URL's dialect. */
export function connectDatabase(url: string, poolSize = 10): Database {
  const dialectName = dialectOf(url);
  let dialect: Dialect;
  if (dialectName === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new Sqlite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    dialect = new SqliteDialect({ database: sqlite });
  } else if (dialectName === 'postgres') {
    dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: poolSize }) });
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
  const db = new Kysely<unknown>({ dialect });
  return { db, dialect: dialectName, url, destroy: () => db.destroy() };
}
