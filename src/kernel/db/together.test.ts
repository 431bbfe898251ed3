import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { freshDatabase, testDialects } from '../../../test/helpers/db.js';

interface ProbeTables {
  together_probe: { id: string; n: number };
}

type ProbeDatabase = Awaited<ReturnType<typeof freshDatabase>>;

/** A fresh database of the dialect with an empty `together_probe` table, for one describe block. */
function useProbeTable(dialect: Parameters<typeof freshDatabase>[0]) {
  const probe = {
    database: undefined as unknown as ProbeDatabase,
    db: undefined as unknown as Kysely<ProbeTables>,
    ids: async () =>
      (await probe.db.selectFrom('together_probe').select('id').orderBy('id').execute()).map((r) => r.id),
  };
  beforeAll(async () => {
    probe.database = await freshDatabase(dialect);
    probe.db = probe.database.db as Kysely<ProbeTables>;
    await sql`create table together_probe (id varchar(8) primary key, n integer not null)`.execute(probe.db);
  });
  afterAll(() => probe.database.drop());
  return probe;
}

describe.each(testDialects())('executeTogether and transactions on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Kysely<ProbeTables>;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    db = database.db as Kysely<ProbeTables>;
    await sql`create table together_probe (id varchar(8) primary key, n integer not null)`.execute(db);
    await sql`insert into together_probe (id, n) values ('a', 1), ('b', 2)`.execute(db);
  });
  afterAll(() => database.drop());

  const count = async () =>
    Number(
      (
        await db
          .selectFrom('together_probe')
          .select((e) => e.fn.countAll().as('c'))
          .executeTakeFirst()
      )?.c,
    );

  it('answers each statement in order, rows and affected counts', async () => {
    const [read, update, insert] = await database.transaction((trx) =>
      database.executeTogether(trx, [
        trx.selectFrom('together_probe').select('n').where('id', '=', 'a'),
        trx.updateTable('together_probe').set({ n: 10 }).where('id', 'in', ['a', 'b']),
        trx.insertInto('together_probe').values({ id: 'c', n: 3 }),
      ]),
    );
    expect(read!.rows).toEqual([{ n: 1 }]);
    expect(update!.numAffectedRows).toBe(2n);
    expect(insert!.numAffectedRows).toBe(1n);
    expect(await count()).toBe(3);
    await db.deleteFrom('together_probe').where('id', '=', 'c').execute();
  });

  it('stops at the first failure: the transaction rolls back, the connection stays usable', async () => {
    await expect(
      database.transaction((trx) =>
        database.executeTogether(trx, [
          trx.insertInto('together_probe').values({ id: 'd', n: 4 }),
          trx.insertInto('together_probe').values({ id: 'a', n: 5 }),
          trx.insertInto('together_probe').values({ id: 'e', n: 6 }),
        ]),
      ),
    ).rejects.toThrow();
    expect(await count()).toBe(2);
    // Every pooled connection still answers (none was left inside a failed transaction).
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        db.selectFrom('together_probe').select('n').where('id', '=', 'b').execute(),
      ),
    );
    expect(answers.every((r) => r[0]?.n === 10 || r[0]?.n === 2)).toBe(true);
  });

  it('a transaction whose first statement fails rolls back cleanly, and an empty one commits', async () => {
    await expect(
      database.transaction(async (trx) => {
        await trx.insertInto('together_probe').values({ id: 'a', n: 9 }).execute();
      }),
    ).rejects.toThrow();
    await database.transaction(async () => undefined);
    const n = await database.transaction(async (trx) => {
      await trx.updateTable('together_probe').set({ n: 7 }).where('id', '=', 'b').execute();
      return (await trx.selectFrom('together_probe').select('n').where('id', '=', 'b').executeTakeFirst())?.n;
    });
    expect(n).toBe(7);
    expect(await count()).toBe(2);
  });

  it('a failure after the first statement leaves nothing of the transaction behind', async () => {
    await expect(
      database.transaction(async (trx) => {
        await trx.insertInto('together_probe').values({ id: 'f', n: 1 }).execute();
        await trx.insertInto('together_probe').values({ id: 'a', n: 1 }).execute();
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(2);
  });
});

describe.each(testDialects())('writeTogether on %s', (dialect) => {
  const probe = useProbeTable(dialect);

  it('commits every statement, answering each', async () => {
    const [a, b] = await probe.database.writeTogether((trx) => [
      trx.insertInto('together_probe').values({ id: 'a', n: 1 }),
      trx.updateTable('together_probe').set({ n: 2 }).where('id', '=', 'a'),
    ]);
    expect(a!.numAffectedRows).toBe(1n);
    expect(b!.numAffectedRows).toBe(1n);
    expect(await probe.ids()).toEqual(['a']);
  });

  it('rolls back every statement when one fails, and the connections stay usable', async () => {
    await expect(
      probe.database.writeTogether((trx) => [
        trx.insertInto('together_probe').values({ id: 'b', n: 1 }),
        trx.insertInto('together_probe').values({ id: 'a', n: 1 }),
      ]),
    ).rejects.toThrow();
    expect(await probe.ids()).toEqual(['a']);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        probe.database.writeTogether((trx) => [
          trx.insertInto('together_probe').values({ id: `c${i}`, n: i }),
        ]),
      ),
    );
    expect(await probe.ids()).toHaveLength(13);
  });
});

describe.each(testDialects())('finishTogether on %s', (dialect) => {
  const probe = useProbeTable(dialect);

  it('commits the transaction with its last statements, answering them', async () => {
    const value = await probe.database.transaction(async (trx) => {
      await trx.insertInto('together_probe').values({ id: 'a', n: 1 }).execute();
      const [b] = await probe.database.finishTogether(trx, [
        trx.insertInto('together_probe').values({ id: 'b', n: 2 }),
      ]);
      return b!.numAffectedRows;
    });
    expect(value).toBe(1n);
    expect(await probe.ids()).toEqual(['a', 'b']);
  });

  it('a failing last statement rolls the whole transaction back', async () => {
    await expect(
      probe.database.transaction(async (trx) => {
        await trx.insertInto('together_probe').values({ id: 'c', n: 1 }).execute();
        await probe.database.finishTogether(trx, [
          trx.insertInto('together_probe').values({ id: 'a', n: 2 }),
        ]);
      }),
    ).rejects.toThrow();
    expect(await probe.ids()).toEqual(['a', 'b']);
  });

  it('on PostgreSQL refuses a statement sent after it, and the connection serves the next transaction', async () => {
    if (dialect !== 'postgres') return;
    await expect(
      probe.database.transaction(async (trx) => {
        await probe.database.finishTogether(trx, [
          trx.insertInto('together_probe').values({ id: 'd', n: 1 }),
        ]);
        await trx.insertInto('together_probe').values({ id: 'e', n: 1 }).execute();
      }),
    ).rejects.toThrow(/after its transaction had committed/);
    // 'd' was committed with the COMMIT; 'e' never ran.
    expect(await probe.ids()).toEqual(['a', 'b', 'd']);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        probe.database.transaction(async (trx) => {
          await trx
            .insertInto('together_probe')
            .values({ id: `f${i}`, n: i })
            .execute();
        }),
      ),
    );
    expect(await probe.ids()).toHaveLength(15);
  });

  it('outside a transaction it just runs the statements', async () => {
    const db = probe.db;
    await probe.database.finishTogether(db, [db.deleteFrom('together_probe').where('id', 'like', 'f%')]);
    expect((await probe.ids()).some((id) => id.startsWith('f'))).toBe(false);
    expect(await db.selectFrom('together_probe').select('id').where('id', '=', 'a').execute()).toHaveLength(
      1,
    );
  });
});
