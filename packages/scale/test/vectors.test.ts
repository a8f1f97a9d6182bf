// Known-answer vectors (SCALE docs, parity-scale-codec tests and README), checked against our codec
// in both directions and cross-checked against a second implementation, scale-ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as $ from 'scale-ts';
import {
  bool,
  type Codec,
  compact,
  compactU32,
  decode,
  encode,
  enumOf,
  option,
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
} from '../src/index.js';
import { fresh, fromHex, toHex } from './helpers.js';
import vectors from './vectors/scale-known.json' with { type: 'json' };

/** A type in the vector file: our codec, scale-ts's, and the value mappings between JSON, ours and theirs. */
interface VectorType {
  encodeOurs(json: unknown): Uint8Array;
  decodeOurs(bytes: Uint8Array): unknown;
  encodeTheirs(json: unknown): Uint8Array;
  /** scale-ts's decoding, mapped to our value representation. */
  decodeTheirs(bytes: Uint8Array): unknown;
  expected(json: unknown): unknown;
}

function vectorType<V, W>(
  ours: Codec<V>,
  theirs: $.Codec<W>,
  fromJson: (json: unknown) => V,
  toTheirs: (value: V) => W,
  fromTheirs: (value: W) => V,
): VectorType {
  return {
    encodeOurs: (json) => encode(ours, fromJson(json)),
    decodeOurs: (bytes) => decode(ours, bytes),
    encodeTheirs: (json) => theirs.enc(toTheirs(fromJson(json))),
    decodeTheirs: (bytes) => fromTheirs(theirs.dec(fresh(bytes))),
    expected: fromJson,
  };
}

const same = <X>(value: X): X => value;
const big = (json: unknown): bigint => BigInt(json as string);
const num = (json: unknown): number => json as number;
const asBigint = (value: number | bigint): bigint => BigInt(value);

type ReadmeEnum =
  | { tag: 'A'; value: null }
  | { tag: 'B'; value: readonly [number, bigint] }
  | { tag: 'C'; value: { a: number; b: bigint } };
type TheirReadmeEnum =
  | { tag: 'A'; value: undefined }
  | { tag: 'B'; value: [number, bigint] }
  | { tag: 'C'; value: { a: number; b: bigint } };

const TYPES: Record<string, VectorType> = {
  compact: vectorType(compact, $.compact, big, same, asBigint),
  u8: vectorType(u8, $.u8, num, same, same),
  u16: vectorType(u16, $.u16, num, same, same),
  u32: vectorType(u32, $.u32, num, same, same),
  u64: vectorType(u64, $.u64, big, same, same),
  u128: vectorType(u128, $.u128, big, same, same),
  u256: vectorType(u256, $.u256, big, same, same),
  bool: vectorType(bool, $.bool, (json) => json as boolean, same, same),
  bytes: vectorType(scaleBytes(1024), $.Bytes(), (json) => fromHex(json as string), same, same),
  str: vectorType(str(1024), $.str, (json) => json as string, same, same),
  vec_u16: vectorType(vec(u16, 100, 2), $.Vector($.u16), (json) => json as number[], same, same),
  vec_str: vectorType(vec(str(100), 100), $.Vector($.str), (json) => json as string[], same, same),
  option_u32: vectorType(option(u32), $.Option($.u32), (json) => (json === null ? undefined : num(json)), same, same),
  option_compact: vectorType(
    option(compact),
    $.Option($.compact),
    (json) => (json === null ? undefined : big(json)),
    same,
    (value) => (value === undefined ? undefined : BigInt(value)),
  ),
  result_u8_bool: vectorType(
    enumOf('Result<u8, bool>', { Ok: u8, Err: bool }),
    $.Result($.u8, $.bool),
    (json) => json as { tag: 'Ok'; value: number } | { tag: 'Err'; value: boolean },
    (value): $.ResultPayload<number, boolean> =>
      value.tag === 'Ok' ? { success: true, value: value.value } : { success: false, value: value.value },
    (value) => (value.success ? { tag: 'Ok' as const, value: value.value } : { tag: 'Err' as const, value: value.value }),
  ),
  tuple_compact_bool: vectorType(
    tuple(compact, bool),
    $.Tuple($.compact, $.bool),
    (json) => {
      const [n, flag] = json as [string, boolean];
      return [BigInt(n), flag] as const;
    },
    ([n, flag]): [bigint, boolean] => [n, flag],
    ([n, flag]) => [BigInt(n), flag] as const,
  ),
  struct_compacts: vectorType(
    struct('Compacts', { a: compactU32, b: compact }),
    $.Struct({ a: $.compact, b: $.compact }),
    (json) => {
      const { a, b } = json as { a: number; b: string };
      return { a, b: BigInt(b) };
    },
    same,
    ({ a, b }) => ({ a: Number(a), b: BigInt(b) }),
  ),
  struct_example: vectorType(
    struct('Example', { number: u8, isCool: bool, optional: option(u32) }),
    $.Struct({ number: $.u8, isCool: $.bool, optional: $.Option($.u32) }),
    (json) => {
      const { number, isCool, optional } = json as { number: number; isCool: boolean; optional: number | null };
      return { number, isCool, optional: optional ?? undefined };
    },
    same,
    same,
  ),
  enum_int_or_bool: vectorType(
    enumOf('IntOrBool', { Int: u8, Bool: bool }),
    $.Enum({ Int: $.u8, Bool: $.bool }),
    (json) => json as { tag: 'Int'; value: number } | { tag: 'Bool'; value: boolean },
    same,
    same,
  ),
  enum_readme: vectorType(
    enumOf('EnumType', { A: unit, B: tuple(u32, u64), C: struct('C', { a: u32, b: u64 }) }, { A: 15, B: 1, C: 2 }),
    $.Enum({ A: $._void, B: $.Tuple($.u32, $.u64), C: $.Struct({ a: $.u32, b: $.u64 }) }, [15, 1, 2]),
    (json): ReadmeEnum => {
      const { tag, value } = json as { tag: string; value: unknown };
      if (tag === 'A') return { tag, value: null };
      if (tag === 'B') {
        const [x, y] = value as [number, string];
        return { tag, value: [x, BigInt(y)] };
      }
      const { a, b } = value as { a: number; b: string };
      return { tag: 'C', value: { a, b: BigInt(b) } };
    },
    (value): TheirReadmeEnum =>
      value.tag === 'A' ? { tag: 'A', value: undefined } : value.tag === 'B' ? { tag: 'B', value: [...value.value] } : value,
    (value): ReadmeEnum => (value.tag === 'A' ? { tag: 'A', value: null } : value),
  ),
};

interface Vector {
  readonly type: string;
  readonly value: unknown;
  readonly hex: string;
  readonly source: string;
  /** Where scale-ts is known to decode differently (a scale-ts bug), what it returns instead. */
  readonly scaleTsDecodes?: unknown;
}
const VECTORS: readonly Vector[] = vectors.vectors;

describe('SCALE known-answer vectors', () => {
  test('the vector file covers every type and names only known types', () => {
    const used = new Set(VECTORS.map((vector) => vector.type));
    assert.deepEqual([...used].sort(), Object.keys(TYPES).sort());
    assert.ok(VECTORS.length >= 60);
  });

  test('compact covers every mode boundary', () => {
    const values = new Set(VECTORS.filter((v) => v.type === 'compact').map((v) => BigInt(v.value as string)));
    for (const boundary of [
      0n,
      63n,
      64n,
      16383n,
      16384n,
      2n ** 30n - 1n,
      2n ** 30n,
      2n ** 32n - 1n,
      2n ** 64n - 1n,
      2n ** 128n - 1n,
    ]) {
      assert.ok(values.has(boundary), `no compact vector for ${boundary}`);
    }
  });

  for (const vector of VECTORS) {
    const type = TYPES[vector.type];
    test(`${vector.type} ${JSON.stringify(vector.value).slice(0, 48)} = ${vector.hex.slice(0, 40)}`, () => {
      assert.ok(type !== undefined, `unknown vector type ${vector.type}`);
      const expected = type.expected(vector.value);
      const bytes = fromHex(vector.hex);
      // Ours, both directions.
      assert.equal(toHex(type.encodeOurs(vector.value)), vector.hex, `our encoding (${vector.source})`);
      assert.deepEqual(type.decodeOurs(bytes), expected, `our decoding (${vector.source})`);
      // The second implementation agrees with the vector: the vector itself is right.
      assert.equal(toHex(type.encodeTheirs(vector.value)), vector.hex, `scale-ts encoding (${vector.source})`);
      const theirs = vector.scaleTsDecodes === undefined ? expected : type.expected(vector.scaleTsDecodes);
      assert.deepEqual(type.decodeTheirs(bytes), theirs, `scale-ts decoding (${vector.source})`);
    });
  }
});
