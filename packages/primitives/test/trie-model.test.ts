// State trie property tests against a reference model (a Map): random histories of batched
// inserts, overwrites and deletes; reads, ordered iteration (prefix, startAfter), canonical roots,
// and old roots that stay readable.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import fc from 'fast-check';
import { EMPTY_ROOT_HEX, MerkleTrie, trieRootOf } from '../src/trie/index.js';

type Value = Uint8Array | undefined;
type Model = Map<string, [Uint8Array, Uint8Array]>;

const hex = (bytes: Uint8Array) => toHex(bytes);
/** Keys from a small alphabet collide, share prefixes and prefix each other; plus a few random ones. */
const key = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(0x00, 0x01, 0x10, 0x11, 0x1f, 0xf0, 0xff), { maxLength: 4 })
      .map((b) => Uint8Array.from(b)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 30, maxLength: 33 }) },
);
const value = fc.uint8Array({ maxLength: 12 });
const change = fc.tuple(key, fc.option(value, { nil: undefined })) as fc.Arbitrary<[Uint8Array, Value]>;
const batches = fc.array(fc.array(change, { maxLength: 25 }), { minLength: 1, maxLength: 8 });

const compare = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b);
const sorted = (model: Model) => [...model.values()].sort(([a], [b]) => compare(a, b));
const show = (entries: Iterable<[Uint8Array, Uint8Array]>) => [...entries].map(([k, v]) => `${hex(k)}=${hex(v)}`);
const startsWith = (k: Uint8Array, prefix: Uint8Array) => prefix.every((byte, i) => k[i] === byte);
const apply = (model: Model, batch: Array<[Uint8Array, Value]>) => {
  for (const [k, v] of batch) {
    if (v === undefined) model.delete(hex(k));
    else model.set(hex(k), [k, v]);
  }
};

before(async () => {
  await cryptoReady();
});

describe('state trie against a Map model', () => {
  it('get, entries and root follow the model through any history of batches', () => {
    fc.assert(
      fc.property(batches, fc.array(key, { maxLength: 6 }), (history, probes) => {
        const trie = new MerkleTrie();
        const model: Model = new Map();
        const past: Array<{ root: Uint8Array; entries: string[] }> = [];
        for (const batch of history) {
          trie.update(batch);
          apply(model, batch);
          const expected = sorted(model);
          assert.deepEqual(show(trie.entries()), show(expected));
          assert.equal(hex(trie.root), hex(trieRootOf(expected)));
          for (const k of [...batch.map(([k]) => k), ...probes]) assert.deepEqual(trie.get(k), model.get(hex(k))?.[1]);
          past.push({ root: trie.root, entries: show(expected) });
        }
        for (const { root, entries } of past) assert.deepEqual(show(trie.at(root).entries()), entries);
        trie.update([...model.values()].map(([k]) => [k, undefined] as const));
        assert.equal(hex(trie.root), EMPTY_ROOT_HEX);
      }),
      { numRuns: 80 },
    );
  });

  it('a larger trie (5,000 storage-like keys) through batches of mixed changes', () => {
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => next() >>> 24);
    const trie = new MerkleTrie();
    const model: Model = new Map();
    const keys = Array.from({ length: 5000 }, () => bytes(32));
    const first = keys.map((k) => [k, bytes(20)] as [Uint8Array, Value]);
    const roots: Array<[Uint8Array, string]> = [];
    for (const batch of [
      first,
      ...Array.from({ length: 4 }, () =>
        Array.from({ length: 600 }, () => {
          const dice = next() % 10;
          if (dice === 0) return [bytes(32), bytes(8)] as [Uint8Array, Value];
          const k = keys[next() % keys.length] as Uint8Array;
          return [k, dice === 1 ? undefined : bytes(12)] as [Uint8Array, Value];
        }),
      ),
    ]) {
      trie.update(batch);
      apply(model, batch);
      assert.equal(hex(trie.root), hex(trieRootOf(model.values())));
      roots.push([trie.root, hex(trieRootOf(model.values()))]);
    }
    for (const k of keys.slice(0, 300)) assert.deepEqual(trie.get(k), model.get(hex(k))?.[1]);
    assert.equal([...trie.entries()].length, model.size);
    for (const [root, expected] of roots) assert.equal(hex(trie.at(root).root), expected);
  });

  it('entries(prefix, startAfter) is the sorted model filtered', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), key, fc.option(key, { nil: undefined }), (batch, prefix, startAfter) => {
        const trie = new MerkleTrie();
        const model: Model = new Map();
        trie.update(batch);
        apply(model, batch);
        const all = sorted(model);
        const expect = (p: Uint8Array | undefined, s: Uint8Array | undefined) =>
          show(all.filter(([k]) => (p === undefined || startsWith(k, p)) && (s === undefined || compare(k, s) > 0)));
        assert.deepEqual(show(trie.entries(prefix)), expect(prefix, undefined));
        assert.deepEqual(show(trie.entries(undefined, startAfter)), expect(undefined, startAfter));
        assert.deepEqual(show(trie.entries(prefix, startAfter)), expect(prefix, startAfter));
        // Paging with startAfter = last key seen walks everything exactly once.
        const paged: Array<[Uint8Array, Uint8Array]> = [];
        let after: Uint8Array | undefined;
        for (;;) {
          const page: Array<[Uint8Array, Uint8Array]> = [];
          for (const entry of trie.entries(undefined, after)) {
            page.push(entry);
            if (page.length === 3) break;
          }
          if (page.length === 0) break;
          paged.push(...page);
          after = (page[page.length - 1] as [Uint8Array, Uint8Array])[0];
        }
        assert.deepEqual(show(paged), show(all));
      }),
      { numRuns: 150 },
    );
  });

  it('the root depends only on the final set: any order, any batching', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, value), { maxLength: 40 }),
        fc.array(fc.nat()),
        fc.integer({ min: 1, max: 7 }),
        (entries, seeds, size) => {
          const model: Model = new Map();
          apply(model, entries);
          const final = [...model.values()];
          // A permutation of the final entries from the seeds, applied in chunks of `size`.
          const shuffled = final.slice();
          seeds.forEach((seed, i) => {
            if (shuffled.length === 0) return;
            const a = i % shuffled.length;
            const b = seed % shuffled.length;
            [shuffled[a], shuffled[b]] = [shuffled[b] as [Uint8Array, Uint8Array], shuffled[a] as [Uint8Array, Uint8Array]];
          });
          const chunked = new MerkleTrie();
          for (let i = 0; i < shuffled.length; i += size) chunked.update(shuffled.slice(i, i + size));
          // The history with overwrites and with extra keys inserted then deleted.
          const noisy = new MerkleTrie();
          noisy.update(entries);
          noisy.update([[Uint8Array.of(0x11, 0x22), Uint8Array.of(1)]]);
          noisy.update([[Uint8Array.of(0x11, 0x22), undefined]]);
          if (!model.has(hex(Uint8Array.of(0x11, 0x22)))) assert.equal(hex(noisy.root), hex(chunked.root));
          assert.equal(hex(chunked.root), hex(trieRootOf(final)));
          assert.equal(hex(trieRootOf(final.slice().reverse())), hex(trieRootOf(final)));
        },
      ),
      { numRuns: 100 },
    );
  });
});
