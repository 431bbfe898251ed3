import { CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../kernel/config.js';
import { isAppError } from '../kernel/errors.js';
import type { CliContext } from './cli.context.js';

/**
 * Exit codes: 0 done, 1 the command could not do its job (a server down, a bug), 2 the input was
 * wrong (a bad flag, a bad CSV line, a bad environment variable) and nothing was written.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Bad input found by the CLI itself (CSV lines, files, option combinations); every problem is listed. */
export class CliInputError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'CliInputError';
  }
}

/** Commander option parser for an integer within bounds; the error names the expectation. */
export function intOption(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`must be an integer (got "${value}")`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max} (got ${n})`);
    return n;
  };
}

/** Commander option parser for a finite number within bounds. */
export function numberOption(min = -Infinity, max = Infinity) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`must be a number (got "${value}")`);
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max} (got ${n})`);
    return n;
  };
}

/** The exit code for an error: 2 for anything the user can fix in their input, 1 otherwise. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  if (err instanceof CliInputError || err instanceof ConfigError) return EXIT_BAD_INPUT;
  if (isAppError(err) && err.status < 500) return EXIT_BAD_INPUT;
  return EXIT_FAILURE;
}

/**
 * Writes an error to stderr: a readable message (JSON with --json), never a stack trace for input
 * errors. Commander has already printed its own usage errors.
 */
export function reportError(ctx: CliContext, err: unknown, json: boolean): number {
  const code = exitCodeOf(err);
  if (err instanceof CommanderError) return code;
  let errorCode: string;
  let message: string;
  let problems: string[] = [];
  if (err instanceof ConfigError) {
    errorCode = 'CONFIG_INVALID';
    message = 'invalid configuration (environment variables)';
    problems = err.issues;
  } else if (err instanceof CliInputError) {
    errorCode = 'INPUT_INVALID';
    message = err.message;
    problems = err.problems;
  } else if (isAppError(err)) {
    errorCode = err.code;
    message = err.message;
  } else {
    errorCode = 'FAILED';
    message = err instanceof Error ? err.message : String(err);
  }
  if (json) {
    ctx.stderr.write(`${JSON.stringify({ error: { code: errorCode, message, problems } })}\n`);
  } else {
    ctx.stderr.write(
      `error: ${message}${code === EXIT_BAD_INPUT && isAppError(err) ? ` [${errorCode}]` : ''}\n`,
    );
    for (const problem of problems) ctx.stderr.write(`  - ${problem}\n`);
  }
  return code;
}
