import { isPhalanxError, PhalanxError } from '@phalanx/errors';

/** Where a command writes; injectable so tests can run commands in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
}

/**
 * The one JSON shape of a failure: `{ code, message, ...fields }`, the error's non-secret details
 * as fields of it (a dispatch failure's `pallet`, `error`, `reason`, `block`; a contract failure's
 * `block`, `gasUsed`; a load error's `file`, `line`, `column`). `code` and `message` always win.
 */
export function errorJson(error: PhalanxError): Record<string, string | number | boolean | null> {
  const { code, message, details } = error.toJSON();
  const { code: _code, message: _message, ...fields } = details;
  return { code, message, ...fields };
}

/**
 * Reports a failure: `{ ok: false, error: { code, message, ...fields } }` on stdout with --json,
 * `error[CODE]: message` on stderr otherwise (stdout stays clean). Unknown errors are reported
 * without their internals.
 */
export function reportError(io: Io, error: unknown, json: boolean): number {
  const known = isPhalanxError(error)
    ? error
    : new PhalanxError('INTERNAL', 'unexpected failure (a bug in phalanx); run with PHALANX_DEBUG=1 for the stack');
  if (!isPhalanxError(error) && process.env.PHALANX_DEBUG === '1') io.err(String((error as Error)?.stack ?? error));
  if (json) printJson(io, { ok: false, error: errorJson(known) });
  else io.err(`error[${known.code}]: ${known.message}`);
  return known.code === 'USAGE' ? 2 : 1;
}
