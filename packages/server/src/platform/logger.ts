import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Paths that may carry secrets; pino replaces them before a line is written. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.client_secret',
  '*.client_assertion',
  '*.refresh_token',
  '*.access_token',
  '*.id_token',
  '*.code',
  '*.code_verifier',
  '*.token',
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'latchkey' } };
}

/** Logs JSON lines to stdout, or to `destination` (a file descriptor: the CLI logs to stderr, 2). */
export function createLogger(level: string, destination?: number): Logger {
  return destination === undefined ? pino(loggerOptions(level)) : pino(loggerOptions(level), pino.destination(destination));
}
