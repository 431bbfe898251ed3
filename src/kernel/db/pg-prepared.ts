/**
 * PostgreSQL parses and plans every unnamed statement afresh. Our statements are few and repeated
 * thousands of times (a rental cycle runs ~100 of a few dozen shapes), so naming each distinct SQL
 * text makes the server parse it once per connection and reuse the plan: measurably less server CPU
 * per statement. Only plannable statements with parameters are named (transaction control and DDL
 * stay unnamed); the number of names is bounded so an unusual stream of distinct texts (long `in`
 * lists) cannot grow every connection's memory without limit — beyond it, statements run unnamed.
 *
 * A statement prepared before a migration changed its table's columns fails with "cached plan must
 * not change result type" (0A000). That text is then never named again and the query is retried
 * unnamed (which works outside a transaction; inside one, the transaction fails as any error would).
 */
const PLANNABLE = /^\s*(select|insert|update|delete|with)\b/i;

/** PostgreSQL's "cached plan must not change result type". */
export const CACHED_PLAN_CHANGED = '0A000';

export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly refused = new Set<string>();

  constructor(private readonly max = 2_000) {}

  /** The statement name for this SQL text, or undefined to run it unnamed. */
  nameFor(sql: string, parameterCount: number): string | undefined {
    if (parameterCount === 0 || this.refused.has(sql)) return undefined;
    let name = this.names.get(sql);
    if (name === undefined) {
      if (this.names.size >= this.max || !PLANNABLE.test(sql)) return undefined;
      name = `k${this.names.size + 1}`;
      this.names.set(sql, name);
    }
    return name;
  }

  refuse(sql: string): void {
    this.refused.add(sql);
  }
}
