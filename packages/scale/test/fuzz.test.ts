// Fuzzing: decoding arbitrary bytes either throws a PhalanxError CODEC or yields a value that
// re-encodes to exactly the input (one encoding per value), never any other error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PhalanxError } from '@phalanx/errors';
import fc from 'fast-check';
import {
  bool,
  type Codec,
  compact,
  compactU32,
  decode,
  decodePrefix,
  type EnumValue,
  encode,
  enumOf,
  fixedBytes,
  lazy,
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
import { checkDecodeOrReject, toHex } from './helpers.js';

type Tree = EnumValue<{ Leaf: Codec<number>; Node: Codec<Tree[]> }>;
const Tree: Codec<Tree> = lazy('Tree', () => TreeEnum);
const TreeEnum = enumOf('TreeEnum', { Leaf: u8, Node: vec(Tree, 4) });

const Nested = struct('Nested', {
  id: u64,
  label: str(24),
  items: vec(tuple(u16, option(bool)), 6, 3),
  kind: enumOf('Kind', { None: unit, Small: compactU32, Big: u128, Text: str(8) }, { None: 0, Small: 1, Big: 7, Text: 255 }),
  key: fixedBytes(4),
  extra: option(scaleBytes(12)),
});

const CODECS: Codec<unknown>[] = [
  compact,
  compactU32,
  u8,
  u16,
  u32,
  u64,
  u128,
  u256,
  bool,
  scaleBytes(16),
  str(64),
  vec(u32, 10, 4),
  vec(str(10), 5),
  option(option(u16)),
  tuple(bool, compact, str(4)),
  Nested,
  Tree,
];

const FUZZ_RUNS = 300;

describe('fuzz: random bytes', () => {
  for (const codec of CODECS) {
    test(`${codec.name} decodes or throws PhalanxError CODEC`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
          checkDecodeOrReject(codec, input);
        }),
        { numRuns: FUZZ_RUNS },
      );
    });
  }

  test('decodePrefix of random bytes never throws anything but PhalanxError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CODECS), fc.uint8Array({ maxLength: 300 }), (codec, input) => {
        try {
          const { length } = decodePrefix(codec, input);
          assert.ok(length >= 0 && length <= input.length);
        } catch (error) {
          assert.ok(error instanceof PhalanxError && error.code === 'CODEC', String(error));
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

/** A small edit of a valid encoding: the inputs that reach deep into a decoder. */
type Edit =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set' | 'insert'; at: number; byte: number }
  | { kind: 'delete' | 'truncate'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constantFrom('set' as const, 'insert' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'truncate' as const), at: fc.nat() }),
);

function mutate(input: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let bytes = [...input];
  for (const e of edits) {
    const at = bytes.length === 0 ? 0 : e.at % bytes.length;
    if (e.kind === 'flip') {
      if (bytes.length > 0) bytes[at] = (bytes[at] as number) ^ (1 << e.bit);
    } else if (e.kind === 'set') {
      if (bytes.length > 0) bytes[at] = e.byte;
    } else if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
    else if (e.kind === 'delete') bytes.splice(at, 1);
    else bytes = bytes.slice(0, at);
  }
  return Uint8Array.from(bytes);
}

const leaf = (n: number): Tree => ({ tag: 'Leaf', value: n });
const nestedValue = {
  id: 2n ** 63n + 5n,
  label: 'fuzz ✓',
  items: [
    [1, undefined],
    [2, true],
    [65535, false],
  ] as [number, boolean | undefined][],
  kind: { tag: 'Big' as const, value: 2n ** 100n },
  key: Uint8Array.of(1, 2, 3, 4),
  extra: Uint8Array.of(9, 9),
};

const SEEDS: [Codec<unknown>, unknown][] = [
  [Nested as Codec<unknown>, nestedValue],
  [Nested as Codec<unknown>, { ...nestedValue, items: [], kind: { tag: 'Text', value: 'ab' }, extra: undefined }],
  [Tree as Codec<unknown>, { tag: 'Node', value: [leaf(1), { tag: 'Node', value: [leaf(2), leaf(3)] }, leaf(4)] }],
  [vec(str(10), 5) as Codec<unknown>, ['a', 'bé', '日本', '🦀']],
  [compact as Codec<unknown>, 2n ** 70n + 3n],
];

describe('fuzz: mutated valid encodings', () => {
  test('each seed value round trips', () => {
    for (const [codec, value] of SEEDS) assert.deepEqual(decode(codec, encode(codec, value)), value);
  });

  for (const [codec, value] of SEEDS) {
    test(`${codec.name}: small edits decode canonically or throw PhalanxError CODEC`, () => {
      const encoded = encode(codec, value);
      let accepted = 0;
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
          if (checkDecodeOrReject(codec, mutate(encoded, edits))) accepted++;
        }),
        { numRuns: 400 },
      );
      // Sanity: the fuzzer reaches both outcomes (some single-bit flips stay valid).
      assert.ok(accepted > 0, `no mutation of ${toHex(encoded)} was accepted: the oracle's success path went untested`);
    });
  }
});

describe('fuzz: deep recursion', () => {
  test('a very deeply nested input is refused with CODEC, not a stack overflow', () => {
    // Node([Node([Node([...])])]), far deeper than the JS stack allows.
    const depth = 200_000;
    const input = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) input.set([1, 4], i * 2);
    const err = (() => {
      try {
        decode(Tree, input);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(err instanceof PhalanxError, `expected PhalanxError, got ${String(err)}`);
    assert.equal(err.code, 'CODEC');
  });
});
