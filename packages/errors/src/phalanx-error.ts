import type { ErrorCode } from './codes.js';

/** Structured, non-secret context about an error. Never put key material or plaintext here. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | bigint | null | undefined>>;

export interface PhalanxErrorOptions {
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

/**
 * The one base class of every error Phalanx throws on purpose. `code` tells a program what
 * happened; `message` tells a person what to fix; `details` carries non-secret context.
 */
export class PhalanxError extends Error {
  override readonly name: string = 'PhalanxError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: PhalanxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  /** A JSON-safe view (bigints become decimal strings), e.g. for `--json` output or RPC errors. */
  toJSON(): { code: ErrorCode; message: string; details: Record<string, string | number | boolean | null> } {
    const details: Record<string, string | number | boolean | null> = {};
    for (const [key, value] of Object.entries(this.details)) {
      if (value === undefined) continue;
      details[key] = typeof value === 'bigint' ? value.toString() : value;
    }
    return { code: this.code, message: this.message, details };
  }
}

export function isPhalanxError(value: unknown, code?: ErrorCode): value is PhalanxError {
  return value instanceof PhalanxError && (code === undefined || value.code === code);
}
