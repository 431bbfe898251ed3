import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, testDialects } from '../../../test/helpers/db.js';

// SQLite has one writer at a time and cannot deadlock; the servers can, and must retry the victim.
describe.each(testDialects().filter((d) => d !== 'sqlite'))('transactions on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await sql`create table retry_probe (id varchar(8) primary key, n integer not null)`.execute(database.db);
    await sql`insert into retry_probe (id, n) values ('a', 0), ('b', 0)`.execute(database.db);
  });
  afterAll(() => database.drop());

  it('runs a deadlock victim again, so both crossing transactions complete', async () => {
    let bothLocked!: () => void;
    const barrier = new Promise<void>((resolve) => {
      let arrived = 0;
      bothLocked = () => {
        if (++arrived === 2) resolve();
      };
    });
    let attempts = 0;
    // Each locks one row, waits for the other to lock its row, then asks for the other's: a deadlock.
    const crossing = (first: string, second: string) =>
      database.transaction(async (trx) => {
        attempts++;
        await sql`update retry_probe set n = n + 1 where id = ${first}`.execute(trx);
        bothLocked();
        await barrier;
        await sql`update retry_probe set n = n + 1 where id = ${second}`.execute(trx);
      });
    await Promise.all([crossing('a', 'b'), crossing('b', 'a')]);
    expect(attempts).toBeGreaterThan(2);
    const rows = await sql<{ id: string; n: number }>`select id, n from retry_probe order by id`.execute(
      database.db,
    );
    expect(rows.rows.map((r) => [r.id, Number(r.n)])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });
});
