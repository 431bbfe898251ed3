import { createProcessLogger } from '../app/logging.js';
import { systemClock } from '../kernel/clock.js';
import { loadConfig, type Config } from '../kernel/config.js';
import { connectDatabase, migrateToLatest, type Database } from '../kernel/db/index.js';
import { EventBus } from '../kernel/events.js';
import type { Logger } from '../kernel/logger.js';
import { createFleetModule, type FleetEvents, type FleetModule } from '../modules/fleet/index.js';
import { allMigrations } from '../app/migrations.js';

/**
 * What every CLI command gets from the entrypoint: the environment, where to write, and a signal
 * that fires on Ctrl-C / SIGTERM (only the entrypoint installs signal handlers).
 */
export interface CliContext {
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  signal: AbortSignal;
}

/** Options every command that prints a result accepts. */
export interface OutputOptions {
  json?: boolean;
}

/** Prints a command's result: JSON on one line for scripts, or the human text. */
export function output(ctx: CliContext, opts: OutputOptions, data: unknown, human: string): void {
  ctx.stdout.write(opts.json ? `${JSON.stringify(data)}\n` : `${human}\n`);
}

/** Loads the config from the command's environment (ConfigError names every bad variable). */
export function configOf(ctx: CliContext): Config {
  return loadConfig(ctx.env);
}

/** A logger for short CLI commands: to stderr, so stdout stays clean for --json and pipes. */
export function cliLogger(config: Config): Logger {
  return createProcessLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 'stderr');
}

export interface FleetSession {
  config: Config;
  database: Database;
  fleet: FleetModule;
}

/**
 * Runs `fn` with the fleet module on the configured database (migrated first, so provisioning works
 * on a fresh database) and always closes the connection afterwards.
 */
export async function withFleet<T>(ctx: CliContext, fn: (session: FleetSession) => Promise<T>): Promise<T> {
  const config = configOf(ctx);
  const logger = cliLogger(config);
  const database = connectDatabase(config.DATABASE_URL, 2);
  try {
    await migrateToLatest(database, ...allMigrations);
    const bus = new EventBus<FleetEvents>(logger);
    const fleet = createFleetModule({ database, clock: systemClock, config, bus, logger });
    return await fn({ config, database, fleet });
  } finally {
    await database.destroy();
  }
}

/** Resolves when the entrypoint's signal fires (Ctrl-C / SIGTERM). */
export function untilSignal(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
