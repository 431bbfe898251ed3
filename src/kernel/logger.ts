import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Header names and fields whose values are secrets; pino replaces them before a line is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  'secret',
  '*.password',
  '*.secret',
];

/** The one logger factory: structured JSON lines, secrets redacted. */
export function createLogger(level: LoggerOptions['level'] = 'info', name = 'chargenet'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
