import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createConnection } from 'mysql2/promise';
import {
  connectDatabase,
  migrateToLatest,
  type Database,
  type DialectName,
} from '../../src/kernel/db/index.js';
import { allMigrations } from '../../src/app/migrations.js';
import { SERVERS } from './servers.js';

export const DIALECTS: DialectName[] = (process.env.TEST_DIALECTS ?? 'sqlite,postgres,mysql')
  .split(',')
  .map((d) => d.trim() as DialectName);

function available(): Record<string, boolean> {
  return JSON.parse(process.env.CHARGENET_TEST_SERVERS ?? '{}') as Record<string, boolean>;
}

/** The dialects this run can reach; the global setup has already warned (or failed in CI) about the rest. */
export function testDialects(): DialectName[] {
  const up = available();
  return DIALECTS.filter((d) => d === 'sqlite' || up[d] !== false);
}

export function mosquittoAvailable(): boolean {
  return available().mosquitto !== false;
}

/**
 * A fresh, migrated database of the dialect, private to the caller: an in-memory SQLite, or a newly
 * created PostgreSQL / MariaDB database with a random name that `drop()` removes.
 */
export async function freshDatabase(dialect: DialectName): Promise<Database & { drop(): Promise<void> }> {
  const { url, drop: dropDb } = await freshDatabaseUrl(dialect, { sqliteFile: false });
  const database = connectDatabase(url, 5);
  await migrateToLatest(database, ...allMigrations);
  return {
    ...database,
    drop: async () => {
      await database.destroy();
      await dropDb();
    },
  };
}

/**
 * A new empty database of the dialect, for a whole platform to connect to by URL (SQLite: a file in
 * the temp directory unless `sqliteFile: false`, since a platform and its restart must see the same data). `drop()` removes it
 * once every connection to it has closed.
 */
export async function freshDatabaseUrl(
  dialect: DialectName,
  options: { sqliteFile?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cn_test_${randomBytes(6).toString('hex')}`;
  let url: string;
  let dropDb: () => Promise<void> = async () => {};
  if (dialect === 'sqlite' && options.sqliteFile === false) {
    url = 'sqlite::memory:';
  } else if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cn-test-'));
    url = `sqlite:${join(dir, 'chargenet.db')}`;
    dropDb = async () => rmSync(dir, { recursive: true, force: true });
  } else if (dialect === 'postgres') {
    const admin = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: SERVERS.postgres, max: 1 }) }),
    });
    await sql`create database ${sql.id(name)}`.execute(admin);
    await admin.destroy();
    const u = new URL(SERVERS.postgres);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = async () => {
      const admin = new pg.Client({ connectionString: SERVERS.postgres });
      await admin.connect();
      try {
        // pg-pool's end() resolves before its sockets have closed; dropping WITH (FORCE) at once would kill
        // them mid-close (an unhandled FATAL 57P01 that fails the run). Wait until the server sees none.
        for (let i = 0; i < 100; i++) {
          const { rows } = await admin.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await admin.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    };
  } else {
    const admin = await createConnection({ uri: SERVERS.mysql });
    await admin.query(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
    await admin.end();
    const u = new URL(SERVERS.mysql);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = async () => {
      const a = await createConnection({ uri: SERVERS.mysql });
      await a.query(`drop database if exists \`${name}\``);
      await a.end();
    };
  }
  return { url, drop: dropDb };
}
