import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';

const MB = 1024 * 1024;

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const ROW = 'x'.repeat(4000);

describe('SQLite checkpoints off the event loop', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the log bounded and loses nothing, with the platform checkpointing only rarely', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cn-ckpt-'));
    const file = join(dir, 'x.db');
    const database = connectDatabase(`sqlite:${file}`);
    await sql`create table probe (id integer primary key, body text not null)`.execute(database.db);
    const own = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
    expect(own.rows[0]?.wal_autocheckpoint).toBe(4096);

    // ~40 MB in 400 commits: without any checkpoint the log would hold all of it.
    let largestWal = 0;
    for (let batch = 0; batch < 400; batch++) {
      await database.transaction(async (trx) => {
        for (let i = 0; i < 25; i++) {
          await sql`insert into probe (body) values (${ROW})`.execute(trx);
        }
      });
      if (batch % 20 === 19) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
      }
    }
    expect(largestWal).toBeGreaterThan(0);
    expect(largestWal).toBeLessThan(20 * MB);

    await database.destroy();
    // The last connection to close (the worker's) checkpointed everything and removed the log.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Sqlite(file, { readonly: true });
    expect(reopened.prepare('select count(*) as n from probe').get()).toEqual({ n: 10_000 });
    reopened.close();
  });

  it('copies the log into the database file in the background, before the connection would', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cn-ckpt-'));
    const file = join(dir, 'x.db');
    const database = connectDatabase(`sqlite:${file}`);
    await sql`create table probe (id integer primary key, body text not null)`.execute(database.db);
    // ~8 MB: about half of what makes the connection checkpoint for itself.
    for (let batch = 0; batch < 80; batch++) {
      await database.transaction(async (trx) => {
        for (let i = 0; i < 25; i++) await sql`insert into probe (body) values (${ROW})`.execute(trx);
      });
    }
    // Only a checkpoint writes to the database file itself; the commits went to the log.
    await waitFor(() => statSync(file).size > 7 * MB);
    await database.destroy();
  });

  it('lets an in-memory database be (it has no log)', async () => {
    const database = connectDatabase('sqlite::memory:');
    const own = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
    expect(own.rows[0]?.wal_autocheckpoint).toBe(1000);
    await database.destroy();
  });
});
