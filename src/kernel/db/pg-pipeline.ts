import { createRequire } from 'node:module';
import type pg from 'pg';

/**
 * Several statements sent to PostgreSQL in one write and answered in one read: each statement's
 * Parse (when its name is new on the connection), Bind, Describe and Execute, then a single Sync.
 * pg itself sends one statement per round trip; on this 2-core VM a round trip over loopback costs
 * ~75–110 µs of client CPU (mostly the socket write) and ~40 µs of server CPU whatever the statement
 * does, so statements that do not depend on each other's answers are cheaper sent together.
 *
 * The server runs them in order; the first that fails makes it skip the rest up to the Sync, so the
 * pipeline rejects with that error and nothing after it ran. Outside a transaction block, everything
 * before one Sync is one implicit transaction: it commits or rolls back as a whole.
 *
 * It is a pg "submittable" (the interface pg-cursor uses), so the client queues it like any query.
 */
const require = createRequire(import.meta.url);
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };
const Result = require('pg/lib/result') as new () => PgResult;

interface PgResult {
  command: string | null;
  rowCount: number | null;
  rows: unknown[];
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): unknown;
  addRow(row: unknown): void;
  addCommandComplete(msg: unknown): void;
}

export interface PipelinedStatement {
  sql: string;
  values: readonly unknown[];
  /** The statement's name on this connection, or undefined to run it unnamed. */
  name?: string;
}

/** What each statement answered, as pg's own results (command, rowCount, rows). */
export type PipelineResult = Pick<PgResult, 'command' | 'rowCount' | 'rows'>;

/** The part of pg's Connection a submittable writes to (pg/lib/connection.js). */
interface Connection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(msg: { text: string; name?: string }): void;
  bind(msg: { statement?: string; values: unknown[]; valueMapper: (v: unknown) => unknown }): void;
  describe(msg: { type: 'P'; name: string }): void;
  execute(msg: { portal: string }): void;
  sync(): void;
  on(event: 'parseComplete', listener: () => void): void;
}

/** The pipeline a connection is answering, so its ParseComplete messages can be told apart. */
const answering = new WeakMap<Connection, Pipeline>();
const listening = new WeakSet<Connection>();

class Pipeline {
  private readonly results: PgResult[] = [];
  private current = 0;
  /** Indices whose Parse was sent in this pipeline, in order, not yet acknowledged. */
  private readonly parsing: number[] = [];
  private connection: Connection | undefined;
  private settled = false;

  constructor(
    private readonly statements: readonly PipelinedStatement[],
    private readonly resolve: (results: PipelineResult[]) => void,
    private readonly reject: (err: unknown) => void,
  ) {}

  submit(connection: Connection): void {
    // Values are mapped before anything is written: a value that cannot be sent fails the whole
    // pipeline without leaving half of it in the socket.
    let mapped: unknown[][];
    try {
      mapped = this.statements.map((s) => s.values.map((v) => prepareValue(v)));
    } catch (err) {
      // pg has no way to abandon a submitted query: answer an empty sync and fail then.
      this.settled = true;
      connection.sync();
      this.reject(err);
      return;
    }
    this.connection = connection;
    answering.set(connection, this);
    if (!listening.has(connection)) {
      listening.add(connection);
      connection.on('parseComplete', () => answering.get(connection)?.parsed());
    }
    connection.stream.cork?.();
    try {
      for (const [i, s] of this.statements.entries()) {
        const name = s.name ?? '';
        const known =
          s.name !== undefined &&
          (connection.parsedStatements[name] !== undefined ||
            connection.submittedNamedStatements[name] !== undefined);
        if (!known) {
          connection.parse({ text: s.sql, name });
          if (s.name !== undefined) {
            connection.submittedNamedStatements[name] = s.sql;
            this.parsing.push(i);
          }
        }
        connection.bind({ statement: name, values: mapped[i]!, valueMapper: (v) => v });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '' });
        this.results.push(new Result());
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
  }

  private parsed(): void {
    const i = this.parsing.shift();
    if (i === undefined || !this.connection) return;
    const name = this.statements[i]!.name!;
    this.connection.parsedStatements[name] = this.statements[i]!.sql;
    delete this.connection.submittedNamedStatements[name];
  }

  private finish(): void {
    const connection = this.connection;
    if (!connection) return;
    if (answering.get(connection) === this) answering.delete(connection);
    // Parses never acknowledged were skipped after an error: those names are not on the connection.
    for (const i of this.parsing) delete connection.submittedNamedStatements[this.statements[i]!.name!];
    this.parsing.length = 0;
  }

  handleRowDescription(msg: { fields: unknown[] }): void {
    this.results[this.current]?.addFields(msg.fields);
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    const result = this.results[this.current];
    if (result) result.addRow(result.parseRow(msg.fields));
  }

  handleCommandComplete(msg: unknown): void {
    this.results[this.current++]?.addCommandComplete(msg);
  }

  handleEmptyQuery(): void {
    this.current++;
  }

  handleError(err: unknown): void {
    this.finish();
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }

  handleReadyForQuery(): void {
    this.finish();
    if (this.settled) return;
    this.settled = true;
    this.resolve(this.results);
  }

  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}

/** Sends the statements in one round trip on the client; resolves with one result per statement. */
export function runPipeline(
  client: pg.PoolClient,
  statements: readonly PipelinedStatement[],
): Promise<PipelineResult[]> {
  return new Promise((resolve, reject) => {
    client.query(new Pipeline(statements, resolve, reject) as unknown as pg.Submittable);
  });
}
