import assert from 'node:assert/strict';
import { type ErrorCode, PhalanxError } from '@phalanx/errors';
import { type Codec, decode, encode } from '@phalanx/scale';
import fc from 'fast-check';

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  assert.match(clean, /^(?:[0-9a-f]{2})*$/i, `bad hex in test data: ${hex}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
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

/** Decoding either fails with PhalanxError CODEC or yields a value that re-encodes to exactly the input. */
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

/** Decoded structs are plain objects: generate plain ones too (fast-check may use null prototypes). */
export const PLAIN = { noNullPrototype: true } as const;

export const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** Strings of any Unicode scalar values, spread over 1- to 4-byte UTF-8. */
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
