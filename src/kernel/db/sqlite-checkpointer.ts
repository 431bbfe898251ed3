import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Sqlite from 'better-sqlite3';

/**
 * SQLite's WAL checkpoints, mostly on a thread of their own. By default the connection that commits
 * the thousandth WAL page copies the whole log into the database file and fsyncs both, inside that
 * COMMIT, on the event loop: in bench:gateway this was more than half of all commit time, with pauses
 * of 20–30 ms. Here a worker thread with its own connection runs a PASSIVE checkpoint every
 * `intervalMs`, which copies what no reader still needs and never blocks a writer.
 *
 * The log can only start over when a write begins with every frame already copied, and under steady
 * writes the worker is always a few frames behind. So the platform's connection still checkpoints
 * itself, at four times the usual size: by then the worker has copied nearly everything, so that
 * checkpoint copies the last few frames and lets the log start over. Commits stay exactly as durable
 * as before (WAL with `synchronous = NORMAL`); only who pays for the copy changes.
 *
 * If the worker dies, the connection checkpoints at the usual size again.
 */
export interface Checkpointer {
  /** Runs a last checkpoint and closes the worker's connection (call after the platform's has closed). */
  stop(): Promise<void>;
}

// Plain CommonJS evaluated in the worker: no TypeScript loader is needed wherever the platform runs.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const db = new Sqlite(workerData.path, { fileMustExist: true });
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/** How often the worker checkpoints; at bench:gateway's write rate the log stays under ~10 MB. */
const DEFAULT_INTERVAL_MS = 100;

/** The usual automatic checkpoint threshold (pages), restored if the worker fails. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** The connection's own threshold while the worker runs (16 MB of 4 KiB pages). */
const OWN_AUTOCHECKPOINT = 4096;

/** Starts checkpointing `path` off the event loop and turns the connection's own checkpoints off. */
export function startCheckpointer(
  connection: Sqlite.Database,
  path: string,
  intervalMs = DEFAULT_INTERVAL_MS,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, path, intervalMs } });
  // A background chore: it never keeps the process alive.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!stopping && connection.open) {
        connection.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
      }
      resolve();
    });
  });
  // An error ends the worker ('exit' follows); the connection then checkpoints for itself.
  worker.on('error', () => undefined);
  connection.pragma(`wal_autocheckpoint = ${OWN_AUTOCHECKPOINT}`);
  return {
    stop: () => {
      stopping = true;
      // Held open until the last checkpoint is done, or a process awaiting this would just exit.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
