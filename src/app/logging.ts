import { pino, type Logger, type LoggerOptions } from 'pino';
import { REDACT_PATHS } from '../kernel/logger.js';

/**
 * The process logger with a chosen destination: servers log to stdout; CLI commands log to stderr so
 * that their stdout stays clean for `--json` output and pipes. Same redaction as kernel/logger.
 */
export function createProcessLogger(level: LoggerOptions['level'], to: 'stdout' | 'stderr'): Logger {
  return pino(
    { name: 'chargenet', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination({ fd: to === 'stdout' ? 1 : 2, sync: to === 'stderr' }),
  );
}
