import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { DialectName } from '../../kernel/db/index.js';
import type { FleetTables } from './fleet.tables.js';

type Db = Kysely<FleetTables>;

/** Where each compiled parameter comes from: an argument of the call, or a value fixed in the statement. */
type Source = { arg: number } | { fixed: unknown };

interface Compiled {
  query: CompiledQuery;
  sources: Source[];
}

/** Which dialect a handle speaks; units register their transaction, repositories their root handle. */
const dialects = new WeakMap<object, DialectName>();

/** Tells prepared statements the dialect of a database handle (a transaction or a root Kysely). */
export function registerDialect(db: object, dialect: DialectName): void {
  dialects.set(db, dialect);
}

/**
 * A value in a prepared statement's builder: argument `i` of the call. Typed `never` so it fits any
 * column; the statement's argument tuple is what type-checks the values callers pass.
 */
export type Arg = (i: number) => never;

/**
 * A statement Kysely builds and compiles once per dialect, then runs with each call's arguments. On
 * SQLite, building and compiling a small statement costs more CPU than running it, and the statements
 * of station messages run thousands of times a second with the same shape (bench/README.md).
 *
 * `build` must give the statement one fixed shape: arguments (`arg(i)`) only where values go, never
 * deciding which columns or conditions appear. The first compile uses a marker per argument and records
 * where each lands among the parameters (an argument may land several times). On a handle whose dialect
 * is not registered the statement is simply built with the values, as any other query.
 */
export function prepare<Args extends unknown[], R>(
  arity: Args['length'],
  build: (db: Db, arg: Arg) => Compilable<R>,
): Prepared<Args, R> {
  const byDialect = new Map<DialectName, Compiled>();
  const query = (db: Db, ...args: Args): CompiledQuery<R> | Compilable<R> => {
    const dialect = dialects.get(db);
    if (!dialect) return build(db, (i) => args[i] as never);
    let compiled = byDialect.get(dialect);
    if (!compiled) byDialect.set(dialect, (compiled = compile(db, arity, build)));
    const parameters = compiled.sources.map((s) => ('arg' in s ? args[s.arg] : s.fixed));
    return { ...compiled.query, parameters } as CompiledQuery<R>;
  };
  const run = (db: Db, ...args: Args) => db.executeQuery<R>(query(db, ...args));
  return Object.assign(run, { query });
}

/** A prepared statement: run it, or take it unexecuted (`query`) to send together with others. */
export interface Prepared<Args extends unknown[], R> {
  (db: Db, ...args: Args): Promise<QueryResult<R>>;
  query(db: Db, ...args: Args): CompiledQuery<R> | Compilable<R>;
}

/**
 * A prepared statement with one list of values (`where x in (…)`) besides its arguments: one compiled
 * shape per list length, up to `maxLength` (a station's slots and banks); longer lists are built
 * afresh. The builder gets the list as placeholders to put where the values go.
 */
export function prepareList<Args extends unknown[], R>(
  arity: Args['length'],
  build: (db: Db, arg: Arg, list: never[]) => Compilable<R>,
  maxLength = 64,
): (db: Db, list: readonly unknown[], ...args: Args) => Promise<QueryResult<R>> {
  const byLength = new Map<number, (db: Db, ...values: unknown[]) => Promise<QueryResult<R>>>();
  return (db, list, ...args) => {
    if (list.length > maxLength) {
      return db.executeQuery(build(db, (i) => args[i] as never, list as never[]));
    }
    let run = byLength.get(list.length);
    if (!run) {
      const n = list.length;
      run = prepare<unknown[], R>(arity + n, (db2, arg) =>
        build(
          db2,
          arg,
          Array.from({ length: n }, (_, j) => arg(arity + j)),
        ),
      );
      byLength.set(n, run);
    }
    return run(db, ...args, ...list);
  };
}

function compile<R>(db: Db, arity: number, build: (db: Db, arg: Arg) => Compilable<R>): Compiled {
  // A control character no id, timestamp or payload we bind contains, so a marker cannot be confused.
  const markers = Array.from({ length: arity }, (_, i) => `\u0001prepared-arg-${i}\u0001`);
  const query = build(db, (i) => markers[i] as never).compile();
  const sources = query.parameters.map((p): Source => {
    const i = typeof p === 'string' ? markers.indexOf(p) : -1;
    return i >= 0 ? { arg: i } : { fixed: p };
  });
  for (let i = 0; i < arity; i++) {
    if (!sources.some((s) => 'arg' in s && s.arg === i)) {
      throw new Error(`prepared statement: argument ${i} is not a parameter of: ${query.sql}`);
    }
  }
  return { query, sources };
}
