// Inputs that are views into a larger buffer (non-zero byteOffset, unaligned) decode exactly like
// a fresh copy, and decoded values never alias the input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type Codec,
  compact,
  decode,
  decodePrefix,
  encode,
  enumOf,
  fixedBytes,
  option,
  Reader,
  bytes as scaleBytes,
  str,
  struct,
  u8,
  u16,
  u32,
  u64,
  u128,
  u256,
  vec,
} from '../src/index.js';
import { fromHex, toHex, unicodeString } from './helpers.js';

/** `bytes` placed at `offset` inside a larger buffer filled with junk, returned as a subarray view. */
function embed(bytes: Uint8Array, offset: number, junk = 0xa5): Uint8Array {
  const backing = new Uint8Array(offset + bytes.length + 7).fill(junk);
  backing.set(bytes, offset);
  const view = backing.subarray(offset, offset + bytes.length);
  assert.equal(view.byteOffset, offset);
  return view;
}

const Mixed = struct('Mixed', {
  a: u16,
  b: u32,
  c: u64,
  d: u128,
  e: u256,
  f: compact,
  g: scaleBytes(40),
  h: str(40),
  i: vec(u32, 8, 4),
  j: option(fixedBytes(3)),
  k: enumOf('K', { X: u8, Y: u64 }),
});
const mixedValue = {
  a: 0x0102,
  b: 0x03040506,
  c: 0x0708090a0b0c0d0en,
  d: 2n ** 127n + 1n,
  e: 2n ** 255n + 2n ** 64n + 3n,
  f: 2n ** 40n,
  g: Uint8Array.of(1, 2, 3),
  h: 'view ✓',
  i: [1, 0xffffffff],
  j: Uint8Array.of(7, 8, 9),
  k: { tag: 'Y' as const, value: 2n ** 64n - 1n },
};

describe('decoding from subarray views', () => {
  test('every fixed-width and composite codec decodes at odd offsets', () => {
    const encoded = encode(Mixed, mixedValue);
    for (const offset of [1, 2, 3, 5, 7, 8, 13]) {
      for (const junk of [0x00, 0xff, 0xa5]) {
        assert.deepEqual(decode(Mixed, embed(encoded, offset, junk)), mixedValue, `offset ${offset}`);
      }
    }
  });

  test('the multi-byte integer readers use the view, not the backing buffer', () => {
    const cases: [Codec<unknown>, string, unknown][] = [
      [u16 as Codec<unknown>, '0x3412', 0x1234],
      [u32 as Codec<unknown>, '0x78563412', 0x12345678],
      [u64 as Codec<unknown>, '0x0807060504030201', 0x0102030405060708n],
      [u128 as Codec<unknown>, `0x01${'00'.repeat(15)}`, 1n],
      [compact as Codec<unknown>, '0x02000100', 16384n],
      [compact as Codec<unknown>, '0x0300000040', 2n ** 30n],
    ];
    for (const [codec, hex, value] of cases) {
      assert.deepEqual(decode(codec, embed(fromHex(hex), 3)), value, `${codec.name} ${hex}`);
    }
  });

  test('trailing-byte detection is relative to the view: bytes after it are not "trailing"', () => {
    // The backing buffer continues with junk past the view; decode must only see the view.
    assert.equal(decode(u32, embed(fromHex('0x01000000'), 1)), 1);
    const view = new Uint8Array(16).fill(0).subarray(4, 8);
    assert.equal(decode(u32, view), 0);
  });

  test('a Node Buffer from the shared pool decodes', () => {
    const encoded = encode(Mixed, mixedValue);
    const buffer = Buffer.from(toHex(encoded).slice(2), 'hex');
    assert.deepEqual(decode(Mixed, buffer), mixedValue);
  });

  test('decodePrefix reports the length within the view', () => {
    const encoded = encode(str(40), 'prefix');
    const view = embed(Uint8Array.from([...encoded, 0xff, 0xff]), 9);
    assert.deepEqual(decodePrefix(str(40), view), { value: 'prefix', length: encoded.length });
    const reader = new Reader(view);
    assert.equal(reader.remaining, encoded.length + 2);
  });

  test('decoded bytes are copies: changing the input afterwards does not change them', () => {
    const view = embed(
      encode(struct('S', { a: fixedBytes(4), b: scaleBytes(4) }), { a: Uint8Array.of(1, 2, 3, 4), b: Uint8Array.of(5, 6) }),
      5,
    );
    const value = decode(struct('S', { a: fixedBytes(4), b: scaleBytes(4) }), view);
    view.fill(0);
    assert.deepEqual(value, { a: Uint8Array.of(1, 2, 3, 4), b: Uint8Array.of(5, 6) });
    assert.equal(value.a.byteOffset, 0);
    assert.equal(value.a.buffer.byteLength, 4, 'a decoded field must not keep the whole input buffer alive');
  });

  test('encode output is a fresh, exactly sized buffer', () => {
    const out = encode(u64, 5n);
    assert.equal(out.byteOffset, 0);
    assert.equal(out.buffer.byteLength, 8);
  });

  test('property: any value decodes the same from a view at any offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), unicodeString(10), fc.nat(31), (raw, text, offset) => {
        const codec = struct('P', { raw: scaleBytes(40), text: str(40), n: u64 });
        const value = { raw, text, n: BigInt(raw.length) << 40n };
        assert.deepEqual(decode(codec, embed(encode(codec, value), offset)), value);
      }),
      { numRuns: 200 },
    );
  });
});
