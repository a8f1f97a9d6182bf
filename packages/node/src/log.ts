import { appendFileSync } from 'node:fs';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/**
 * Line logger to stderr and/or a file. Callers log facts (heights, hashes, counts, error codes),
 * never key material, plaintext or request bodies.
 */
export function createLogger(options: { level?: LogLevel; file?: string; stderr?: boolean; name?: string } = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = (level: LogLevel, message: string) => {
    if (LOG_LEVELS.indexOf(level) > threshold) return;
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${options.name ?? 'node'}: ${message}\n`;
    if (options.stderr !== false) process.stderr.write(line);
    if (options.file !== undefined) appendFileSync(options.file, line);
  };
  return {
    error: (message) => write('error', message),
    warn: (message) => write('warn', message),
    info: (message) => write('info', message),
    debug: (message) => write('debug', message),
  };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };

/**
 * A warning a client can trigger over and over (a connection cut off, a request refused): at most
 * one line per `intervalMs`, the ones held back counted in the next line, so an attacker cannot
 * flood the log.
 */
export function throttledWarning(log: Logger, intervalMs = 10_000): (message: string) => void {
  let last = Number.NEGATIVE_INFINITY;
  let held = 0;
  return (message) => {
    const now = performance.now();
    if (now - last < intervalMs) {
      held++;
      return;
    }
    last = now;
    log.warn(held > 0 ? `${message} (and ${held} more since the last such line)` : message);
    held = 0;
  };
}
