import type { Database } from './connect.js';
import type { TogetherQuery } from './together.js';

/**
 * A read a module prepares for someone else to send: the module's own query and how its rows become
 * the module's answer. The module still owns its tables; the caller only decides what goes together.
 */
export interface Read<T> {
  query: TogetherQuery;
  answer(rows: readonly unknown[]): T;
}

type Answers<T extends readonly Read<unknown>[]> = {
  -readonly [K in keyof T]: T[K] extends Read<infer R> ? R : never;
};

/**
 * Independent reads of several modules in one round trip on PostgreSQL (one pooled connection, one
 * implicit transaction, so they also see one snapshot); in sequence on SQLite and MySQL.
 */
export async function readTogether<T extends readonly Read<unknown>[]>(
  database: Database,
  reads: T,
): Promise<Answers<T>> {
  const results = await database.executeTogether(
    database.db,
    reads.map((r) => r.query),
  );
  return reads.map((r, i) => r.answer(results[i]!.rows)) as Answers<T>;
}
