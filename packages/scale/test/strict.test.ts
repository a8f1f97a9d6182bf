// Strictness: every malformed input or out-of-range value is refused with a PhalanxError
// (CODEC when decoding, ENCODE when encoding), never accepted, never another error type.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  bool,
  type Codec,
  compact,
  compactU32,
  decode,
  decodePrefix,
  encode,
  enumOf,
  fixedBytes,
  option,
  Reader,
  readLength,
  bytes as scaleBytes,
  str,
  struct,
  tuple,
  u8,
  u16,
  u32,
  u64,
  u128,
  u256,
  unit,
  vec,
  Writer,
} from '../src/index.js';
import { bytesOf, expectCode, expectDecodeError, expectEncodeError, fromHex, toHex } from './helpers.js';

/** Lets a test hand a codec a value its type forbids, as untyped callers (JSON, JS) can. */
function loose<T>(value: unknown): T {
  return value as T;
}

const Sample = struct('Sample', {
  id: u32,
  name: str(32),
  tags: vec(u16, 8, 2),
  maybe: option(u64),
  kind: enumOf('Kind', { A: unit, B: u8 }),
});
const sampleValue = { id: 7, name: 'héllo', tags: [1, 2, 3], maybe: 9n, kind: { tag: 'B' as const, value: 4 } };

describe('decode: trailing and truncated input', () => {
  test('trailing bytes after a complete value are rejected', () => {
    expectDecodeError(u8, bytesOf(1, 2), /1 trailing bytes/);
    expectDecodeError(compact, bytesOf(0, 0), /trailing/);
    expectDecodeError(option(u8), bytesOf(0, 0), /trailing/);
    const encoded = encode(Sample, sampleValue);
    const err = expectDecodeError(Sample, Uint8Array.from([...encoded, 0]), /trailing/);
    assert.equal(err.details.trailing, 1);
    expectDecodeError(unit, bytesOf(0));
  });

  test('decodePrefix accepts trailing bytes and says how many it used', () => {
    const encoded = encode(Sample, sampleValue);
    const { value, length } = decodePrefix(Sample, Uint8Array.from([...encoded, 0xff, 0xff]));
    assert.deepEqual(value, sampleValue);
    assert.equal(length, encoded.length);
  });

  test('every proper prefix of a valid encoding is rejected as truncated', () => {
    const cases: [Codec<never>, unknown][] = [
      [loose(Sample), sampleValue],
      [loose(u256), 2n ** 255n + 12345n],
      [loose(compact), 2n ** 100n],
      [loose(compact), 20000n],
      [loose(str(32)), '日本語'],
      [loose(vec(u64, 4, 8)), [1n, 2n]],
      [loose(fixedBytes(32)), new Uint8Array(32).fill(7)],
    ];
    for (const [codec, value] of cases) {
      const encoded = encode(codec, loose(value));
      for (let cut = 0; cut < encoded.length; cut++) {
        expectDecodeError(codec, encoded.subarray(0, cut));
      }
      assert.deepEqual(decode(codec, encoded), value);
    }
    expectDecodeError(u32, new Uint8Array(0), /truncated input/);
  });

  test('non-Uint8Array input is rejected, by decode and decodePrefix alike', () => {
    for (const input of [[1], '01', null, undefined, new ArrayBuffer(1), { length: 1 }]) {
      expectDecodeError(u8, loose(input), /must be a Uint8Array/);
      expectCode(() => decodePrefix(u8, loose(input)), 'CODEC', /must be a Uint8Array/);
    }
  });
});

describe('decode: length prefixes are checked before allocation', () => {
  test('bytes(16) with a prefix claiming 2^30 bytes is refused by its limit', () => {
    const prefix = encode(compact, 2n ** 30n);
    const err = expectDecodeError(scaleBytes(16), Uint8Array.from([...prefix, 1, 2, 3]), /exceeds the limit of 16/);
    assert.equal(err.details.max, 16);
  });

  test('a prefix one over the limit is refused even when the bytes are there', () => {
    expectDecodeError(scaleBytes(16), encode(scaleBytes(17), new Uint8Array(17)), /exceeds the limit/);
    expectDecodeError(str(4), encode(str(5), 'hello'), /exceeds the limit/);
    expectDecodeError(vec(u8, 3), encode(vec(u8, 4), [1, 2, 3, 4]), /exceeds the limit/);
  });

  test('the largest compact as a length prefix is refused without overflow', () => {
    const prefix = encode(compact, 2n ** 536n - 1n);
    expectDecodeError(scaleBytes(2 ** 32), prefix, /exceeds the limit/);
    expectDecodeError(vec(u8, Number.MAX_SAFE_INTEGER), prefix, /exceeds the limit/);
  });

  test('a prefix within the limit but longer than the input is refused before reading items', () => {
    let itemReads = 0;
    const counted: Codec<number> = {
      name: 'Counted',
      encodeTo: (writer, value) => writer.u8(value),
      decodeFrom: (reader) => {
        itemReads++;
        return reader.u8();
      },
    };
    const big = 1_000_000;
    const input = Uint8Array.from([...encode(compact, BigInt(big)), 1, 2, 3]);
    expectDecodeError(vec(counted, big), input, /needs more bytes than remain/);
    assert.equal(itemReads, 0, 'no item may be decoded before the length is known to fit');
    expectDecodeError(vec(u64, big, 8), Uint8Array.from([...encode(compact, 2n), ...new Uint8Array(15)]), /needs more bytes/);
    expectDecodeError(scaleBytes(big), input, /needs more bytes than remain/);
    expectDecodeError(str(big), input, /needs more bytes than remain/);
  });

  test('readLength enforces the limit and the bytes remaining', () => {
    const reader = new Reader(Uint8Array.from([...encode(compact, 5n), 0, 0, 0, 0, 0]));
    assert.equal(readLength(reader, 5, 1, 'x'), 5);
    expectCode(() => readLength(new Reader(encode(compact, 6n)), 5, 1, 'x'), 'CODEC', /x length 6 exceeds the limit of 5/);
    expectCode(() => readLength(new Reader(bytesOf(8, 0, 0, 0)), 5, 2, 'x'), 'CODEC', /needs more bytes/);
  });
});

describe('decode: canonical compact', () => {
  const nonCanonical: [string, string][] = [
    ['0x0100', '0 in two-byte mode'],
    ['0xfd00', '63 in two-byte mode'],
    ['0x02000000', '0 in four-byte mode'],
    ['0xfeff0000', '16383 in four-byte mode'],
    ['0x03ffffff3f', '2^30 - 1 in big mode'],
    ['0x0300000000', '0 in big mode'],
    ['0x070000004000', '2^30 with a leading zero byte'],
    ['0x07ffffffff00', '2^32 - 1 with a leading zero byte'],
    [`0x13${'ff'.repeat(7)}00`, '2^56 - 1 in nine bytes'],
  ];
  for (const [hex, what] of nonCanonical) {
    test(`rejects ${what} (${hex})`, () => {
      expectDecodeError(compact, fromHex(hex), /non-canonical/);
      // Also as a length prefix: a non-canonical prefix would make `bytes` encodings malleable.
      expectDecodeError(scaleBytes(2 ** 40), fromHex(hex));
    });
  }

  test('property: re-encoding any value in a wider mode than needed is rejected', () => {
    const widen = (value: number, mode: 1 | 2 | 3): Uint8Array => {
      if (mode === 1) return bytesOf(((value << 2) | 1) & 0xff, (value << 2) >> 8);
      if (mode === 2) {
        const word = ((value << 2) | 2) >>> 0;
        return bytesOf(word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24);
      }
      return bytesOf(3, value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 - 1 }), (value) => {
        const canonical = encode(compact, BigInt(value));
        assert.equal(decode(compact, canonical), BigInt(value));
        const minimalMode = value < 64 ? 0 : value < 2 ** 14 ? 1 : 2;
        for (const mode of [1, 2, 3] as const) {
          if (mode <= minimalMode) continue;
          expectDecodeError(compact, widen(value, mode), /non-canonical/);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('Compact<u32> rejects values above 2^32 - 1, and encodes only u32 numbers', () => {
    assert.equal(decode(compactU32, fromHex('0x03ffffffff')), 2 ** 32 - 1);
    expectDecodeError(compactU32, encode(compact, 2n ** 32n), /exceeds 2\^32 - 1/);
    for (const bad of [2 ** 32, -1, 1.5, Number.NaN, 1n, '1']) expectEncodeError(compactU32, loose(bad));
  });
});

describe('decode: tags, bools and UTF-8', () => {
  test('bool accepts only 0 and 1', () => {
    assert.equal(decode(bool, bytesOf(0)), false);
    assert.equal(decode(bool, bytesOf(1)), true);
    for (let byte = 2; byte < 256; byte++) expectDecodeError(bool, bytesOf(byte), /bool byte must be 0 or 1/);
  });

  test('option tag must be 0 or 1', () => {
    expectDecodeError(option(u8), bytesOf(2, 5), /Option tag must be 0 or 1, got 2/);
    expectDecodeError(option(u8), bytesOf(0xff, 5), /Option tag/);
  });

  test('Option<Option<T>>: Some(None) is refused, since it would read back as None', () => {
    const nested = option(option(u8));
    assert.equal(toHex(encode(nested, undefined)), '0x00');
    assert.deepEqual(decode(nested, bytesOf(1, 1, 9)), 9);
    expectDecodeError(nested, bytesOf(1, 0), /cannot be represented/);
  });

  test('unknown enum indexes are rejected, with declaration-order and pinned indexes', () => {
    const plain = enumOf('Plain', { A: unit, B: u8 });
    expectDecodeError(plain, bytesOf(2), /unknown variant index 2/);
    expectDecodeError(plain, bytesOf(255));
    const pinned = enumOf('Pinned', { A: unit, B: u8 }, { A: 15, B: 1 });
    assert.deepEqual(decode(pinned, bytesOf(15)), { tag: 'A', value: null });
    expectDecodeError(pinned, bytesOf(0), /unknown variant index 0/);
    expectDecodeError(pinned, bytesOf(2));
  });

  const badUtf8: [string, string][] = [
    ['0xff', 'a byte that never occurs in UTF-8'],
    ['0xc0af', 'an overlong encoding of /'],
    ['0xeda080', 'a UTF-16 surrogate (U+D800) encoded as UTF-8'],
    ['0xe697', 'a truncated 3-byte sequence'],
    ['0xf4908080', 'a code point above U+10FFFF'],
    ['0x80', 'a lone continuation byte'],
  ];
  for (const [hex, what] of badUtf8) {
    test(`str rejects invalid UTF-8: ${what}`, () => {
      const raw = fromHex(hex);
      expectDecodeError(str(16), Uint8Array.from([...encode(compact, BigInt(raw.length)), ...raw]), /invalid UTF-8/);
    });
  }
});

describe('encode: values out of range are refused with ENCODE', () => {
  test('integers', () => {
    const cases: [Codec<never>, unknown[]][] = [
      [loose(u8), [256, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', 1n, null]],
      [loose(u16), [65536, -1, 0.5]],
      [loose(u32), [2 ** 32, -1, 2 ** 53]],
      [loose(u64), [2n ** 64n, -1n, 1, '1']],
      [loose(u128), [2n ** 128n, -1n, 1]],
      [loose(u256), [2n ** 256n, -1n, 1]],
      [loose(compact), [-1n, 2n ** 536n, -1, 1.5, Number.NaN, 2 ** 53, '1', null]],
    ];
    for (const [codec, values] of cases) {
      for (const value of values) expectEncodeError(codec, loose(value), new RegExp(`^${codec.name.replace(/[<>]/g, '.')}`));
    }
    // The largest values still encode.
    assert.equal(encode(u256, 2n ** 256n - 1n).length, 32);
    assert.equal(encode(compact, 2n ** 536n - 1n).length, 68);
  });

  test('fixedBytes must have exactly its length', () => {
    const codec = fixedBytes(32);
    for (const value of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(0), [...new Uint8Array(32)], 'x'.repeat(32)]) {
      expectEncodeError(codec, loose(value), /exactly 32 bytes/);
    }
  });

  test('bytes, str and vec over their limits, or of the wrong type', () => {
    expectEncodeError(scaleBytes(16), new Uint8Array(17), /17 bytes exceed the limit of 16/);
    expectEncodeError(scaleBytes(16), loose([1, 2]), /must be a Uint8Array/);
    // The limit counts UTF-8 bytes, not characters: "héllo" is 5 characters but 6 bytes.
    assert.equal(encode(str(6), 'héllo').length, 7);
    expectEncodeError(str(5), 'héllo', /6 bytes exceed the limit of 5/);
    expectEncodeError(str(16), '\ud800', /well-formed/);
    expectEncodeError(str(16), loose(42), /must be a string/);
    expectEncodeError(vec(u8, 2), [1, 2, 3], /3 items exceed the limit of 2/);
    expectEncodeError(vec(u8, 2), loose(new Uint8Array(1)), /must be an array/);
  });

  test('bool, option, enum, struct and tuple values of the wrong shape', () => {
    expectEncodeError(bool, loose(1), /bool must be a boolean/);
    expectEncodeError(option(u8), loose(null), /u8 must be an integer/);
    const kind = enumOf('Kind', { A: unit, B: u8 });
    expectEncodeError(kind, loose({ tag: 'C', value: null }), /unknown variant/);
    expectEncodeError(kind, loose({ tag: 'toString', value: null }), /unknown variant/);
    expectEncodeError(kind, loose(null), /unknown variant/);
    expectEncodeError(kind, loose({ tag: 'B', value: 300 }), /u8 must be an integer/);
    const err = expectEncodeError(Sample, loose({ ...sampleValue, tags: [1, 70000] }));
    assert.match(err.message, /^Sample\.tags: /, 'struct encode errors name the field');
    expectEncodeError(Sample, loose(null), /Sample must be an object/);
    expectEncodeError(Sample, loose({ id: 1 }), /Sample\.name/);
    expectEncodeError(tuple(u8, u8), loose([1]), /tuple must be an array of 2 items/);
  });

  test('a decode error names the path to the bad field', () => {
    const Outer = struct('Outer', { first: u8, inner: struct('Inner', { flag: bool }) });
    const err = expectDecodeError(Outer, bytesOf(1, 2));
    assert.match(err.message, /^Outer\.inner: Inner\.flag: bool byte must be 0 or 1, got 2$/);
  });

  test('enumOf refuses duplicate or out-of-range pinned indexes when built', () => {
    expectCode(() => enumOf('Dup', { A: unit, B: unit }, { A: 1, B: 1 }), 'ENCODE', /bad or duplicate/);
    expectCode(() => enumOf('Big', { A: unit }, { A: 256 }), 'ENCODE', /bad or duplicate/);
    expectCode(() => enumOf('Neg', { A: unit }, { A: -1 }), 'ENCODE', /bad or duplicate/);
  });
});

describe('Writer', () => {
  test('grows from any initial capacity, including 0', () => {
    for (const capacity of [0, 1, 3, 64]) {
      const writer = new Writer(capacity);
      writer.u8(1);
      writer.u64(2n);
      writer.bytes(new Uint8Array(100).fill(9));
      writer.u16(0x0304);
      writer.u32(0x05060708);
      assert.equal(writer.length, 115);
      const out = writer.finish();
      assert.equal(out.length, 115);
      assert.equal(toHex(out.subarray(0, 9)), '0x010200000000000000');
      assert.equal(toHex(out.subarray(109)), '0x040308070605');
    }
  });
});
