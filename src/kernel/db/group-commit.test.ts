import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connectDatabase, type Database } from './index.js';

describe('SQLite group commit', () => {
  let database: Database;
  afterEach(() => database.destroy());

  async function setUp(): Promise<void> {
    database = connectDatabase('sqlite::memory:');
    await sql`create table t (k text primary key)`.execute(database.db);
  }

  const keys = async () =>
    (await database.db.selectFrom('t').select('k').orderBy('k').execute()).map((r) => r.k as string);

  it('commits concurrent units together, and a failing unit rolls back alone', async () => {
    await setUp();
    const results = await Promise.allSettled([
      database.transaction((trx) => trx.insertInto('t').values({ k: 'a' }).execute()),
      database.transaction(async (trx) => {
        await trx.insertInto('t').values({ k: 'b' }).execute();
        throw new Error('unit b fails after writing');
      }),
      database.transaction((trx) => trx.insertInto('t').values({ k: 'c' }).execute()),
      // A duplicate key fails at the database, inside its own savepoint.
      database.transaction((trx) => trx.insertInto('t').values({ k: 'a' }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await keys()).toEqual(['a', 'c']);
  });

  it('returns each unit its own value, after the commit', async () => {
    await setUp();
    const values = await Promise.all(
      ['x', 'y', 'z'].map((k) =>
        database.transaction(async (trx) => {
          await trx.insertInto('t').values({ k }).execute();
          return k.toUpperCase();
        }),
      ),
    );
    expect(values).toEqual(['X', 'Y', 'Z']);
    expect(await keys()).toEqual(['x', 'y', 'z']);
  });

  it('lets timers and I/O run between groups while units keep coming', async () => {
    await setUp();
    let committed = 0;
    let seenByTimer = -1;
    setTimeout(() => (seenByTimer = committed), 0);
    // 600 callers that each queue their next unit as soon as the last has committed.
    const caller = async (i: number) => {
      for (let n = 0; n < 10; n++) {
        await database.transaction((trx) =>
          trx
            .insertInto('t')
            .values({ k: `${i}:${n}` })
            .execute(),
        );
        committed++;
      }
    };
    await Promise.all(Array.from({ length: 600 }, (_, i) => caller(i)));
    expect(committed).toBe(6000);
    expect(seenByTimer).toBeGreaterThanOrEqual(0);
    // After the first group at the latest, not once the stream has dried up.
    expect(seenByTimer).toBeLessThanOrEqual(512);
  });
});
