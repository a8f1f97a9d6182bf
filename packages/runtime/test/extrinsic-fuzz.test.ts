// Hostile extrinsic bytes: decodeExtrinsic / checkExtrinsic only ever throw PhalanxError, anything
// that decodes re-encodes to exactly its input, and nothing but the unmodified bytes carries a valid
// signature.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { verifyEncodedExtrinsicSignature, verifyExtrinsicSignature } from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import fc from 'fast-check';
import { checkExtrinsic, decodeExtrinsic, Extrinsic, MAX_CALL_DEPTH, RuntimeCall, UNIT } from '../src/index.js';
import { calls, GENESIS_HASH, hex, key, keys, tx } from './helpers.js';

let samples: Uint8Array[] = [];

before(async () => {
  await cryptoReady();
  samples = [
    tx(keys.alice, 0, calls.transfer(keys.bob.publicKey, 5n * UNIT)),
    tx(keys.bob, 70_000, calls.remark(new Uint8Array(40).fill(3)), 1n << 70n),
    tx(key('Charlie', 'ed25519'), 3, calls.sudo(calls.setKey(keys.dave.publicKey)), 9n),
    tx(keys.eve, 1, calls.reserve(123n)),
  ];
});

/** Runs `fn`; a non-Phalanx error fails the test. Returns the value, or undefined if it threw. */
function onlyPhalanxErrors<T>(what: string, bytes: Uint8Array, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof PhalanxError)) assert.fail(`${what}(${hex(bytes)}) threw a non-Phalanx error: ${String(error)}`);
    return undefined;
  }
}

/** The whole contract for one input; `original` is the valid extrinsic it was derived from, if any. */
function probe(bytes: Uint8Array, original?: Uint8Array): void {
  const decoded = onlyPhalanxErrors('decodeExtrinsic', bytes, () => decodeExtrinsic(bytes));
  if (decoded !== undefined) {
    // Strict decoding: one encoding per value, so the same signed extrinsic has one hash.
    assert.equal(hex(encode(Extrinsic, decoded)), hex(bytes), 'a decoded extrinsic re-encodes to its input');
  }
  const checked = onlyPhalanxErrors('checkExtrinsic', bytes, () => checkExtrinsic(bytes, GENESIS_HASH));
  if (checked !== undefined) {
    assert.ok(original !== undefined && hex(original) === hex(bytes), `accepted a modified or random extrinsic: ${hex(bytes)}`);
  }
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; value: number }
  | { kind: 'delete'; at: number }
  | { kind: 'append'; tail: Uint8Array }
  | { kind: 'splice'; at: number; chunk: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), tail: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), chunk: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
);

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : ('at' in m ? m.at : 0) % bytes.length;
  const out = [...bytes];
  switch (m.kind) {
    case 'flip':
      out[at] = (out[at] as number) ^ (1 << m.bit);
      break;
    case 'set':
      out[at] = m.value;
      break;
    case 'truncate':
      out.length = at;
      break;
    case 'insert':
      out.splice(at, 0, m.value);
      break;
    case 'delete':
      out.splice(at, 1);
      break;
    case 'append':
      out.push(...m.tail);
      break;
    case 'splice':
      out.splice(at, m.chunk.length, ...m.chunk);
      break;
  }
  return Uint8Array.from(out);
}

describe('extrinsic fuzz', () => {
  test('the valid samples pass', () => {
    for (const bytes of samples) probe(bytes, bytes);
  });

  test('random bytes: only PhalanxError, never a valid extrinsic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => probe(bytes)),
      { numRuns: 1000 },
    );
  });

  test('random bytes behind a plausible header (valid tags) reach the call decoder', () => {
    const header = fc.tuple(
      fc.constantFrom(0, 1),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.constantFrom(0, 1),
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
    );
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 120 }), ([st, signer, gt, signature], tail) => {
        const bytes = Uint8Array.from([st, ...signer, gt, ...signature, ...tail]);
        probe(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  test('mutations of valid extrinsics: only PhalanxError, and never accepted unless unchanged', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
        const original = samples[which] as Uint8Array;
        const bytes = mutations.reduce(mutate, original);
        probe(bytes, original);
      }),
      { numRuns: 1500 },
    );
  });

  test('the fast signature check (signed body cut from the encoding) agrees with re-encoding the fields', () => {
    const verdict = (fn: () => unknown) => {
      try {
        fn();
        return 'ok';
      } catch (error) {
        return error instanceof PhalanxError ? error.code : 'other';
      }
    };
    fc.assert(
      fc.property(fc.nat(3), fc.array(mutation, { minLength: 0, maxLength: 2 }), (which, mutations) => {
        const bytes = mutations.reduce(mutate, samples[which] as Uint8Array);
        let decoded: ReturnType<typeof decodeExtrinsic>;
        try {
          decoded = decodeExtrinsic(bytes);
        } catch {
          return; // both paths decode first
        }
        assert.equal(
          verdict(() => verifyEncodedExtrinsicSignature(bytes, decoded, GENESIS_HASH)),
          verdict(() => verifyExtrinsicSignature(RuntimeCall, GENESIS_HASH, decoded)),
        );
      }),
      { numRuns: 800 },
    );
  });

  test('deeply nested calls fail as PhalanxError (no stack overflow escapes)', () => {
    const signer = new Uint8Array(32);
    for (const depth of [MAX_CALL_DEPTH + 1, 5_000, 60_000]) {
      // signer Sr25519, signature Sr25519, nonce 0, tip 0, then Sudo.sudo × depth around System.remark([]).
      const head = [1, ...signer, 1, ...new Uint8Array(64), 0, 0];
      const body = new Uint8Array(depth * 2 + 3);
      for (let i = 0; i < depth; i++) body.set([2, 0], i * 2);
      const bytes = Uint8Array.from([...head, ...body]);
      probe(bytes);
    }
  });

  test('calls nested deeper than MAX_CALL_DEPTH are refused by decoding, whatever the stack depth', () => {
    let call: RuntimeCall = calls.remark(new Uint8Array());
    for (let i = 0; i < MAX_CALL_DEPTH; i++) call = calls.sudo(call);
    const atLimit = tx(keys.alice, 0, call); // MAX_CALL_DEPTH nested calls: fine
    assert.equal(decodeExtrinsic(atLimit).nonce, 0);
    assert.throws(
      () => tx(keys.alice, 0, calls.sudo(call)),
      (error: unknown) => error instanceof PhalanxError && error.code === 'ENCODE',
    );
    // One level deeper, built by hand: Sudo(2).sudo(0) prefixes around the valid extrinsic's call.
    const head = atLimit.subarray(0, atLimit.length - encode(RuntimeCall, call).length);
    const deeper = Uint8Array.from([...head, 2, 0, ...encode(RuntimeCall, call)]);
    for (const bytes of [deeper, Uint8Array.from([...head, ...Array(2000).fill([2, 0]).flat(), 0, 0, 0])]) {
      assert.throws(
        () => decodeExtrinsic(bytes),
        (error: unknown) =>
          error instanceof PhalanxError && error.code === 'TX_INVALID_CALL' && /nest at most/.test(error.message),
      );
    }
  });
});
