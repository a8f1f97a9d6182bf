import { timingSafeEqual } from 'node:crypto';
import { PhalanxError } from '@phalanx/errors';

const HEX = /^(0x)?([0-9a-fA-F]{2})*$/;

export function toHex(bytes: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/** Parses `0x`-prefixed (or bare) hex; `name` appears in the error message. */
export function fromHex(hex: string, name = 'hex', length?: number): Uint8Array {
  if (typeof hex !== 'string' || !HEX.test(hex)) {
    throw new PhalanxError('INVALID_INPUT', `${name} must be an even-length hex string`, { details: { parameter: name } });
  }
  const bytes = new Uint8Array(Buffer.from(hex.startsWith('0x') ? hex.slice(2) : hex, 'hex'));
  if (length !== undefined && bytes.length !== length) {
    throw new PhalanxError('INVALID_INPUT', `${name} must be ${length} bytes, got ${bytes.length}`, {
      details: { parameter: name, expected: length, actual: bytes.length },
    });
  }
  return bytes;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Constant-time for equal lengths: use it wherever a secret-dependent value is compared. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Overwrites a secret buffer once it is no longer needed (best effort in a garbage-collected runtime). */
export function wipe(bytes: Uint8Array): void {
  bytes.fill(0);
}
