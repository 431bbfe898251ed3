import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, testDialects } from '../../../test/helpers/db.js';
import { StatementNames } from './pg-prepared.js';

describe('StatementNames', () => {
  it('names a plannable statement with parameters, the same name every time', () => {
    const names = new StatementNames();
    const a = names.nameFor('select * from t where id = $1', 1);
    expect(a).toMatch(/^k\d+$/);
    expect(names.nameFor('select * from t where id = $1', 1)).toBe(a);
    expect(names.nameFor('update t set n = $1 where id = $2', 2)).not.toBe(a);
  });

  it('leaves transaction control, DDL and statements without parameters unnamed', () => {
    const names = new StatementNames();
    expect(names.nameFor('begin', 0)).toBeUndefined();
    expect(names.nameFor('select 1', 0)).toBeUndefined();
    expect(names.nameFor('savepoint "unit0"', 0)).toBeUndefined();
    expect(names.nameFor('alter table t add column x int default $1', 1)).toBeUndefined();
  });

  it('stops naming new texts at its bound, and never names a refused text again', () => {
    const names = new StatementNames(2);
    expect(names.nameFor('select $1', 1)).toBeDefined();
    expect(names.nameFor('select $1, $2', 2)).toBeDefined();
    expect(names.nameFor('select $1, $2, $3', 3)).toBeUndefined();
    expect(names.nameFor('select $1', 1)).toBeDefined();
    names.refuse('select $1');
    expect(names.nameFor('select $1', 1)).toBeUndefined();
  });
});

describe.each(testDialects().filter((d) => d === 'postgres'))('named statements on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await sql`create table named_probe (id varchar(8) primary key, n integer not null)`.execute(database.db);
    await sql`insert into named_probe (id, n) values ('a', 1), ('b', 2)`.execute(database.db);
  });
  afterAll(() => database.drop());

  it('prepares a repeated statement once on the connection and answers it correctly', async () => {
    const answers = await database.db.connection().execute(async (conn) => {
      const found: number[] = [];
      for (const id of ['a', 'b', 'a']) {
        const row = await conn.selectFrom('named_probe').select('n').where('id', '=', id).executeTakeFirst();
        found.push(Number(row?.n));
      }
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        conn,
      );
      return { found, prepared: prepared.rows.map((r) => r.statement) };
    });
    expect(answers.found).toEqual([1, 2, 1]);
    expect(answers.prepared.filter((s) => s.includes('"named_probe"'))).toHaveLength(1);
  });

  it('survives a table whose columns changed after the statement was prepared', async () => {
    await database.db.connection().execute(async (conn) => {
      const read = () => conn.selectFrom('named_probe').selectAll().where('id', '=', 'a').executeTakeFirst();
      expect(await read()).toMatchObject({ id: 'a', n: 1 });
      await sql`alter table named_probe add column note text default 'x'`.execute(conn);
      // PostgreSQL refuses the old plan ("cached plan must not change result type"); it runs unnamed.
      expect(await read()).toMatchObject({ id: 'a', n: 1, note: 'x' });
      expect(await read()).toMatchObject({ id: 'a', n: 1, note: 'x' });
    });
  });
});
