// Read proofs: presence and absence verify against the root alone; a proof with a node removed,
// a byte flipped, or checked against another root throws PhalanxError; garbage only ever throws
// PhalanxError.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2_256, cryptoReady, toHex, utf8 } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import fc from 'fast-check';
import { EMPTY_ROOT, MerkleTrie, PROOF_ERROR_CODE, verifyProof, verifyProofKeys } from '../src/trie/index.js';

const hex = (bytes: Uint8Array) => toHex(bytes);
const key = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom(0x00, 0x01, 0x10, 0x11, 0xf0, 0xff), { maxLength: 4 }).map((b) => Uint8Array.from(b)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 33 }) },
);
const entries = fc.array(fc.tuple(key, fc.uint8Array({ maxLength: 40 })), { minLength: 1, maxLength: 40 });
const rejects = (fn: () => unknown) => assert.throws(fn, (error: unknown) => isPhalanxError(error, 'INVALID_PROOF'));
const throwsInput = (fn: () => unknown) => assert.throws(fn, (error: unknown) => isPhalanxError(error, 'INVALID_INPUT'));

function build(list: Array<[Uint8Array, Uint8Array]>) {
  const trie = new MerkleTrie();
  trie.update(list);
  const model = new Map(list.map(([k, v]) => [hex(k), v]));
  return { trie, model };
}

before(async () => {
  await cryptoReady();
});

describe('read proofs', () => {
  it('prove presence and absence, one key or many in one proof', () => {
    fc.assert(
      fc.property(entries, fc.array(key, { maxLength: 5 }), (list, absentish) => {
        const { trie, model } = build(list);
        const keys = [...list.map(([k]) => k).slice(0, 5), ...absentish];
        const root = trie.root;
        for (const k of keys) {
          const proof = trie.prove([k]);
          assert.deepEqual(verifyProof(root, proof, k), model.get(hex(k)));
        }
        const shared = trie.prove(keys);
        assert.equal(new Set(shared.map(hex)).size, shared.length, 'nodes are deduplicated');
        assert.deepEqual(
          verifyProofKeys(root, shared, keys),
          keys.map((k) => model.get(hex(k))),
        );
        for (const k of keys) assert.deepEqual(verifyProof(root, shared, k), model.get(hex(k)));
      }),
      { numRuns: 100 },
    );
  });

  it('a proof with a node removed, a byte flipped, or against another root throws', () => {
    fc.assert(
      fc.property(
        entries,
        key,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (list, k, pick, at, xor, other) => {
          const { trie } = build(list);
          const proof = trie.prove([k]);
          const root = trie.root;
          const i = pick % proof.length;
          rejects(() =>
            verifyProof(
              root,
              proof.filter((_, j) => j !== i),
              k,
            ),
          );
          const flipped = proof.map((node) => node.slice());
          const victim = flipped[i] as Uint8Array;
          victim[at % victim.length] = (victim[at % victim.length] as number) ^ xor;
          rejects(() => verifyProof(root, flipped, k));
          fc.pre(hex(other) !== hex(EMPTY_ROOT) && hex(other) !== hex(root));
          rejects(() => verifyProof(other, proof, k));
          const { trie: another } = build([[utf8('another'), utf8('trie')]]);
          if (!proof.some((node) => hex(blake2_256(node)) === hex(another.root)))
            rejects(() => verifyProof(another.root, proof, k));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('PROOF_ERROR_CODE is INVALID_PROOF; a malformed node in a proof is INVALID_PROOF caused by CODEC', () => {
    assert.equal(PROOF_ERROR_CODE, 'INVALID_PROOF');
    const bad = Uint8Array.of(3, 1, 0, ...new Uint8Array(32), 0); // a branch with a single child
    assert.throws(
      () => verifyProof(blake2_256(bad), [bad], utf8('k')),
      (error: unknown) => isPhalanxError(error, 'INVALID_PROOF') && isPhalanxError((error as Error).cause, 'CODEC'),
    );
    throwsInput(() => verifyProof(new Uint8Array(31), [], utf8('k')));
    throwsInput(() => verifyProof(EMPTY_ROOT, 'x' as unknown as Uint8Array[], utf8('k')));
    throwsInput(() => verifyProof(EMPTY_ROOT, [], new Uint8Array(257)));
    throwsInput(() => verifyProofKeys(EMPTY_ROOT, [], 'k' as unknown as Uint8Array[]));
  });

  it('the empty root proves every key absent; a missing root node is named in the error', () => {
    assert.equal(verifyProof(EMPTY_ROOT, [], utf8('any')), undefined);
    const { trie } = build([[utf8('a'), utf8('1')]]);
    assert.throws(
      () => verifyProof(trie.root, [], utf8('a')),
      (error: unknown) => isPhalanxError(error, PROOF_ERROR_CODE) && error.message.includes(hex(trie.root)),
    );
  });

  it('garbage proofs, roots and keys only ever throw PhalanxError', () => {
    const node = fc.oneof(
      fc.uint8Array({ maxLength: 100 }),
      fc
        .tuple(fc.integer({ min: 0, max: 4 }), fc.uint8Array({ maxLength: 100 }))
        .map(([tag, rest]) => Uint8Array.of(tag, ...rest)),
    );
    const anything = fc.oneof(fc.anything(), node, fc.array(node)) as fc.Arbitrary<unknown>;
    fc.assert(
      fc.property(fc.array(node, { maxLength: 6 }), key, fc.nat(), anything, anything, (proof, k, pick, junk1, junk2) => {
        // Rooted at one of its own nodes, so that decoding and walking are exercised.
        const root = proof.length === 0 ? blake2_256(Uint8Array.of(1)) : blake2_256(proof[pick % proof.length] as Uint8Array);
        for (const attempt of [
          () => verifyProof(root, proof, k),
          () => verifyProofKeys(root, proof, [k, k]),
          () => verifyProof(junk1 as Uint8Array, proof, k),
          () => verifyProof(root, junk1 as Uint8Array[], k),
          () => verifyProof(root, [junk1, junk2] as Uint8Array[], k),
          () => verifyProof(root, proof, junk2 as Uint8Array),
        ]) {
          try {
            const value = attempt();
            assert.ok(value === undefined || value instanceof Uint8Array || Array.isArray(value));
          } catch (error) {
            assert.ok(isPhalanxError(error), `not a PhalanxError: ${String(error)}`);
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  it('mutations of real proofs never verify a wrong value', () => {
    fc.assert(
      fc.property(
        entries,
        key,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (list, k, edits) => {
          const { trie, model } = build(list);
          const proof = trie.prove([k]).map((node) => node.slice());
          for (const [n, at, byte] of edits) {
            const node = proof[n % proof.length] as Uint8Array;
            node[at % node.length] = byte;
          }
          try {
            assert.deepEqual(verifyProof(trie.root, proof, k), model.get(hex(k)));
          } catch (error) {
            assert.ok(isPhalanxError(error, 'INVALID_PROOF'), String(error));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
