import assert from 'node:assert/strict';
import { type ErrorCode, PhalanxError } from '@phalanx/errors';
import fc from 'fast-check';
import { type Codec, decode, encode } from '../src/index.js';

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/** A fresh Uint8Array (own buffer, byteOffset 0): scale-ts decoders ignore byteOffset. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  assert.match(clean, /^(?:[0-9a-f]{2})*$/i, `bad hex in test data: ${hex}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

export function fresh(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes);
}

export function bytesOf(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

/** Asserts `fn` throws a PhalanxError with `code`, and returns it for further checks. */
export function expectCode(fn: () => unknown, code: ErrorCode, message?: RegExp): PhalanxError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected a PhalanxError ${code}, but nothing was thrown`);
  assert.ok(caught instanceof PhalanxError, `expected a PhalanxError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected code ${code}, got ${caught.code}: ${caught.message}`);
  if (message !== undefined) assert.match(caught.message, message);
  return caught;
}

export function expectDecodeError<T>(codec: Codec<T>, bytes: Uint8Array, message?: RegExp): PhalanxError {
  return expectCode(() => decode(codec, bytes), 'CODEC', message);
}

export function expectEncodeError<T>(codec: Codec<T>, value: T, message?: RegExp): PhalanxError {
  return expectCode(() => encode(codec, value), 'ENCODE', message);
}

/**
 * The fuzz oracle: decoding arbitrary bytes either fails with a PhalanxError CODEC, or succeeds
 * with a value whose encoding is exactly those bytes (a strict codec has one encoding per value).
 */
export function checkDecodeOrReject<T>(codec: Codec<T>, bytes: Uint8Array): boolean {
  let value: T;
  try {
    value = decode(codec, bytes);
  } catch (error) {
    if (!(error instanceof PhalanxError)) {
      assert.fail(`${codec.name}: decoding ${toHex(bytes)} threw a non-Phalanx error: ${String(error)}`);
    }
    assert.equal(error.code, 'CODEC', `${codec.name}: decode failed with ${error.code}, not CODEC`);
    return false;
  }
  assert.equal(toHex(encode(codec, value)), toHex(bytes), `${codec.name}: decoded value does not re-encode to its input`);
  return true;
}

/**
 * Strings of any Unicode scalar values, spread evenly over 1- to 4-byte UTF-8 (fast-check's own
 * `unit: 'binary'` costs over a second to set up, and mostly yields 4-byte code points).
 */
export function unicodeString(maxLength: number): fc.Arbitrary<string> {
  const codePoint = fc.oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0x7ff }),
    fc.integer({ min: 0x800, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xffff }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  );
  return fc.array(codePoint, { maxLength }).map((points) => String.fromCodePoint(...points));
}
