import { utf8 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { CALL_LIMITS } from '@phalanx/primitives';

/**
 * A contract call's arguments as the JSON the contract receives, checked before anything is signed
 * or a nonce is taken: values JSON cannot carry (a BigInt, a circular structure) and arguments over
 * the envelope's limit are `INVALID_INPUT` here, not a raw `TypeError` or an `ENCODE` error later.
 */
export function encodeCallArgs(args: readonly unknown[], what = 'the arguments'): string {
  if (!Array.isArray(args)) throw new PhalanxError('INVALID_INPUT', `${what} must be an array`);
  let json: string;
  try {
    json = JSON.stringify(args);
  } catch (cause) {
    // JSON.stringify throws TypeError for BigInt and cycles; its message names the offending value.
    const reason = cause instanceof Error ? cause.message : 'not serialisable';
    throw new PhalanxError('INVALID_INPUT', `${what} cannot be sent as JSON: ${reason} (pass a BigInt as a string)`, { cause });
  }
  const bytes = utf8(json).length;
  if (bytes > CALL_LIMITS.args)
    throw new PhalanxError('INVALID_INPUT', `${what} are ${bytes} bytes of JSON, over the limit of ${CALL_LIMITS.args}`, {
      details: { bytes, limit: CALL_LIMITS.args },
    });
  return json;
}

/** A contract method name: a non-empty string of at most `CALL_LIMITS.method` UTF-8 bytes. */
export function checkMethodName(method: unknown): string {
  if (typeof method !== 'string' || method.length === 0)
    throw new PhalanxError('INVALID_INPUT', 'a contract method name is a non-empty string');
  const bytes = utf8(method).length;
  if (bytes > CALL_LIMITS.method)
    throw new PhalanxError('INVALID_INPUT', `the method name is ${bytes} bytes, over the limit of ${CALL_LIMITS.method}`, {
      details: { bytes, limit: CALL_LIMITS.method },
    });
  return method;
}
