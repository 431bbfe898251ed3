import { CompiledQuery, type ControlledTransaction, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- the committer serves every module's tables */
type Work<T> = (trx: Kysely<any>) => Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Outcome {
  job: Job;
  ok: boolean;
  value?: unknown;
  error?: unknown;
}

interface Savepoint {
  open: CompiledQuery;
  release: CompiledQuery;
  rollback: CompiledQuery;
}

// The statements of the n-th unit's savepoint, made once: every unit runs two of them.
const savepoints: Savepoint[] = [];
function savepointStatements(n: number): Savepoint {
  return (savepoints[n] ??= {
    open: CompiledQuery.raw(`savepoint "unit${n}"`),
    release: CompiledQuery.raw(`release "unit${n}"`),
    rollback: CompiledQuery.raw(`rollback to "unit${n}"`),
  });
}

/**
 * Group commit for SQLite. On this machine a SQLite commit costs ~70 µs of WAL writes, more than the
 * statements of a typical station message, and SQLite runs one writer at a time anyway. So units of
 * work queued while a transaction is open join it, each inside its own SAVEPOINT (a failing unit rolls
 * back alone), and one COMMIT makes the whole group durable. A unit's promise settles only after that
 * commit, so callers still see "committed, then announced". Units run one after another, exactly as
 * they would on SQLite's single connection.
 */
export class GroupCommitter {
  private readonly queue: Job[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<any>,
    private readonly maxGroup = 256,
  ) {}

  /** Runs work in a transaction shared with whatever else is queued; settles after the commit. */
  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        await this.group();
        // better-sqlite3 is synchronous, so a group runs entirely in microtasks; committing settles
        // units whose callers queue their next unit at once. Without a turn between groups, a steady
        // stream of units would keep the event loop from timers, I/O and messages (it did, for
        // seconds, in bench:gateway).
        if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private async group(): Promise<void> {
    const outcomes: Outcome[] = [];
    let trx: ControlledTransaction<any> | undefined;
    try {
      trx = await this.db.startTransaction().execute();
      for (;;) {
        if (this.queue.length === 0 && outcomes.length < this.maxGroup) {
          // Give the event loop one turn before committing: under load, more units arrive meanwhile
          // and share this commit; when idle, the cost is a single setImmediate.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (this.queue.length === 0 || outcomes.length >= this.maxGroup) break;
        const job = this.queue.shift()!;
        const savepoint = savepointStatements(outcomes.length);
        await trx.executeQuery(savepoint.open);
        try {
          const value = await job.work(trx);
          await trx.executeQuery(savepoint.release);
          outcomes.push({ job, ok: true, value });
        } catch (error) {
          await trx.executeQuery(savepoint.rollback);
          await trx.executeQuery(savepoint.release);
          outcomes.push({ job, ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      // The group could not commit: nothing in it is durable, so every unit fails.
      await trx
        ?.rollback()
        .execute()
        .catch(() => undefined);
      for (const o of outcomes) o.job.reject(o.ok ? error : o.error);
      return;
    }
    for (const o of outcomes) {
      if (o.ok) o.job.resolve(o.value);
      else o.job.reject(o.error);
    }
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
