import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions, type Logger } from '../../src/platform/logger.js';
import type { SecurityEvent } from '../../src/platform/securityEvents.js';

/** A logger configured as the server's (redaction included) whose JSON lines the test can read. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: () => Array<Record<string, unknown>>; events: () => Array<SecurityEvent & Record<string, unknown>> } {
  const raw: string[] = [];
  const logger = pino(loggerOptions(level), new Writable({ write(chunk, _enc, done) { raw.push(String(chunk)); done(); } }));
  const lines = () => raw.flatMap((chunk) => chunk.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
  const events = () => lines().flatMap((l) => (l.securityEvent ? [l.securityEvent as SecurityEvent & Record<string, unknown>] : []));
  return { logger, lines, events };
}
