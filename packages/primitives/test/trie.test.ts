// State trie: examples, limits, pinned vectors, and an independent reference implementation
// (naive recursion, scale-ts and noble's blake2b) that every root is checked against.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2b } from '@noble/hashes/blake2.js';
import { cryptoReady, fromHex, toHex, utf8 } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { decode, encode } from '@phalanx/scale';
import fc from 'fast-check';
import { Bytes, compact, Option, u16 } from 'scale-ts';
import { decodeNode, encodeBranch, encodeNode } from '../src/trie/encoding.js';
import {
  EMPTY_ROOT,
  EMPTY_ROOT_HEX,
  MAX_KEY_LENGTH,
  MAX_VALUE_LENGTH,
  MemoryNodeStore,
  MerkleTrie,
  TrieNodeCodec,
  trieRootOf,
} from '../src/trie/index.js';
import { hashKey, keyBytes } from '../src/trie/nibbles.js';
import { type BranchNode, branch, childAt, type TrieNode } from '../src/trie/node.js';
import vectors from './trie-vectors.json' with { type: 'json' };

type Entry = [Uint8Array, Uint8Array];
const throwsCode = (fn: () => unknown, code: string) =>
  assert.throws(fn, (error: unknown) => isPhalanxError(error) && error.code === code);
const hex = (bytes: Uint8Array) => toHex(bytes);

// ---- Independent reference: the root of a set of entries, from the definition in node.ts. ----
const refHash = (data: Uint8Array) => blake2b(data, { dkLen: 32 });
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
const refPath = (nibbles: number[]) => {
  const packed = new Uint8Array(Math.ceil(nibbles.length / 2));
  nibbles.forEach((n, i) => {
    packed[i >> 1] = (packed[i >> 1] as number) | (i % 2 === 0 ? n << 4 : n);
  });
  return cat(compact.enc(nibbles.length), packed);
};
function refNode(items: Array<[number[], Uint8Array]>): Uint8Array {
  if (items.length === 1) {
    const [[path, value]] = items as [[number[], Uint8Array]];
    return cat(Uint8Array.of(1), refPath(path), Bytes().enc(value));
  }
  const first = (items[0] as [number[], Uint8Array])[0];
  let lcp = 0;
  while (items.every(([path]) => path.length > lcp && path[lcp] === first[lcp])) lcp++;
  const rest = items.map(([path, value]): [number[], Uint8Array] => [path.slice(lcp), value]);
  const value = rest.find(([path]) => path.length === 0)?.[1];
  let bitmap = 0;
  const hashes: Uint8Array[] = [];
  for (let n = 0; n < 16; n++) {
    const group = rest.filter(([path]) => path[0] === n).map(([path, v]): [number[], Uint8Array] => [path.slice(1), v]);
    if (group.length === 0) continue;
    bitmap |= 1 << n;
    hashes.push(refHash(refNode(group)));
  }
  const branch = cat(Uint8Array.of(3), u16.enc(bitmap), ...hashes, Option(Bytes()).enc(value));
  return lcp === 0 ? branch : cat(Uint8Array.of(2), refPath(first.slice(0, lcp)), refHash(branch));
}
export function referenceRoot(entries: Entry[]): Uint8Array {
  const byKey = new Map(
    entries.map(([k, v]) => [hex(k), [[...k].flatMap((b) => [b >> 4, b & 15]), v] as [number[], Uint8Array]]),
  );
  return byKey.size === 0 ? refHash(Uint8Array.of(0)) : refHash(refNode([...byKey.values()]));
}

before(async () => {
  await cryptoReady();
});

const k = (text: string) => utf8(text);
const fixedEntries = (): Entry[] =>
  vectors.entries.map(([key, value]) => [fromHex(key as string), fromHex(value as string)] as Entry);

describe('state trie basics', () => {
  it('EMPTY_ROOT is blake2_256(0x00) and the root of the empty trie', () => {
    assert.equal(hex(EMPTY_ROOT), EMPTY_ROOT_HEX);
    assert.equal(hex(EMPTY_ROOT), hex(refHash(Uint8Array.of(0))));
    assert.equal(hex(new MerkleTrie().root), EMPTY_ROOT_HEX);
    assert.equal(hex(trieRootOf([])), EMPTY_ROOT_HEX);
    assert.deepEqual([...new MerkleTrie().entries()], []);
  });

  it('matches the pinned vectors (node encoding change = broken test)', () => {
    const entries = fixedEntries();
    assert.equal(hex(trieRootOf(entries)), vectors.root);
    assert.equal(hex(referenceRoot(entries)), vectors.root);
    const trie = new MerkleTrie();
    const { root, newNodes } = trie.update(entries);
    assert.equal(hex(root), vectors.root);
    assert.equal(newNodes.length, vectors.nodeCount);
    assert.deepEqual(trie.prove([fromHex(vectors.provenKey)]).map(hex), vectors.proof);
  });

  it('reads, overwrites and deletes, including the empty key and keys that prefix others', () => {
    const trie = new MerkleTrie();
    trie.update([
      [new Uint8Array(0), k('root value')],
      [k('a'), k('1')],
      [k('ab'), k('2')],
      [k('abc'), new Uint8Array(0)],
      [k('b'), k('3')],
    ]);
    assert.deepEqual(trie.get(new Uint8Array(0)), k('root value'));
    assert.deepEqual(trie.get(k('abc')), new Uint8Array(0));
    assert.equal(trie.get(k('abcd')), undefined);
    assert.equal(trie.get(k('c')), undefined);
    trie.update([
      [k('ab'), undefined],
      [k('a'), k('one')],
      [k('zz'), undefined],
    ]);
    assert.equal(trie.get(k('ab')), undefined);
    assert.deepEqual(trie.get(k('a')), k('one'));
    assert.deepEqual(
      [...trie.entries()].map(([key, value]) => [Buffer.from(key).toString(), Buffer.from(value).toString()]),
      [
        ['', 'root value'],
        ['a', 'one'],
        ['abc', ''],
        ['b', '3'],
      ],
    );
    const expected = referenceRoot([...trie.entries()]);
    assert.equal(hex(trie.root), hex(expected));
    trie.update([...trie.entries()].map(([key]) => [key, undefined] as const));
    assert.equal(hex(trie.root), EMPTY_ROOT_HEX);
  });

  it('a key given twice in a batch keeps its last change; an empty batch changes nothing', () => {
    const trie = new MerkleTrie();
    trie.update([
      [k('x'), k('1')],
      [k('x'), k('2')],
      [k('y'), k('1')],
      [k('y'), undefined],
    ]);
    assert.deepEqual(trie.get(k('x')), k('2'));
    assert.equal(trie.get(k('y')), undefined);
    const root = trie.root;
    const { root: same, newNodes } = trie.update([]);
    assert.deepEqual(same, root);
    assert.deepEqual(newNodes, []);
    assert.deepEqual(trie.update([[k('nope'), undefined]]).newNodes, []);
  });

  it('keeps old roots readable, shares one store, and persists exactly the new nodes', () => {
    const store = new MemoryNodeStore();
    const trie = new MerkleTrie(store);
    const first = trie.update(fixedEntries());
    const second = trie.update([
      [k('extra'), k('value')],
      [fromHex(vectors.provenKey), undefined],
    ]);
    const old = trie.at(first.root);
    assert.deepEqual(old.root, first.root);
    for (const [key, value] of fixedEntries()) assert.deepEqual(old.get(key), value);
    assert.equal(old.get(k('extra')), undefined);
    assert.deepEqual(trie.get(k('extra')), k('value'));
    // A fresh store holding only the persisted nodes of both updates serves both roots.
    const copy = new MemoryNodeStore();
    for (const [hash, encoded] of [...first.newNodes, ...second.newNodes]) copy.put(hash, encoded);
    assert.deepEqual([...new MerkleTrie(copy, second.root).entries()], [...trie.entries()]);
    assert.deepEqual([...new MerkleTrie(copy, first.root).entries()], [...old.entries()]);
    assert.equal(store.size, copy.size);
    for (const [hash, encoded] of second.newNodes) assert.deepEqual(hex(refHash(encoded)), hex(hash));
  });

  it('rejects bad keys, values, roots and changes with INVALID_INPUT, before changing anything', () => {
    const trie = new MerkleTrie();
    trie.update([[k('a'), k('1')]]);
    const root = trie.root;
    const longKey = new Uint8Array(MAX_KEY_LENGTH + 1);
    throwsCode(
      () =>
        trie.update([
          [k('b'), k('2')],
          [longKey, k('x')],
        ]),
      'INVALID_INPUT',
    );
    throwsCode(() => trie.update([[k('b'), new Uint8Array(MAX_VALUE_LENGTH + 1)]]), 'INVALID_INPUT');
    throwsCode(() => trie.update([[k('b'), null as unknown as Uint8Array]]), 'INVALID_INPUT');
    throwsCode(() => trie.update([['b' as unknown as Uint8Array, k('2')]]), 'INVALID_INPUT');
    throwsCode(() => trie.update([[k('b')] as unknown as [Uint8Array, Uint8Array]]), 'INVALID_INPUT');
    assert.deepEqual(trie.root, root);
    assert.equal(trie.get(k('b')), undefined);
    throwsCode(() => trie.get(longKey), 'INVALID_INPUT');
    throwsCode(() => trie.at(new Uint8Array(31)), 'INVALID_INPUT');
    throwsCode(() => trie.at(new Uint8Array(32).fill(7)), 'INVALID_INPUT');
    throwsCode(() => trie.entries(longKey), 'INVALID_INPUT');
    throwsCode(() => trieRootOf([[k('a'), undefined as unknown as Uint8Array]]), 'INVALID_INPUT');
    // The limits themselves are fine.
    trie.update([[new Uint8Array(MAX_KEY_LENGTH).fill(0xff), new Uint8Array(MAX_VALUE_LENGTH)]]);
    assert.equal(trie.get(new Uint8Array(MAX_KEY_LENGTH).fill(0xff))?.length, MAX_VALUE_LENGTH);
  });

  it('MemoryNodeStore stores and finds thousands of nodes (index growth, oversize nodes, absent keys)', () => {
    const store = new MemoryNodeStore();
    const model = new Map<string, Uint8Array>();
    for (let i = 0; i < 5000; i++) {
      const encoded = utf8(`node ${i}`.repeat(1 + (i % 7)));
      const hash = refHash(encoded);
      store.put(hash, encoded);
      model.set(hex(hash), encoded);
    }
    const big = new Uint8Array(2 * 1024 * 1024).fill(9);
    store.put(refHash(big), big);
    store.put(refHash(utf8('node 0')), utf8('node 0')); // again: no new node
    assert.equal(store.size, 5001);
    for (const [h, encoded] of model) assert.deepEqual(store.get(fromHex(h)), encoded);
    assert.deepEqual(store.get(refHash(big)), big);
    assert.equal(store.get(refHash(utf8('absent'))), undefined);
    assert.equal(store.get(new Uint8Array(31)), undefined);
    throwsCode(() => store.put(new Uint8Array(31), big), 'INVALID_INPUT');
    let total = big.length;
    for (const encoded of model.values()) total += encoded.length;
    assert.equal(store.totalBytes, total);
  });

  it('values handed in and out are not aliased by the trie', () => {
    const trie = new MerkleTrie();
    const value = k('abc');
    const inBranch = k('branch value'); // 'key' prefixes 'key2': its value sits in a branch
    trie.update([
      [k('key'), inBranch],
      [k('key2'), value],
    ]);
    value[0] = 0;
    inBranch[0] = 0;
    const read = trie.get(k('key2')) as Uint8Array;
    assert.deepEqual(read, k('abc'));
    read[0] = 0;
    assert.deepEqual(trie.get(k('key2')), k('abc'));
    assert.deepEqual(trie.get(k('key')), k('branch value'));
    trie.update([[k('key3'), k('x')]]); // re-encodes the branch holding 'key''s value
    assert.deepEqual(trie.get(k('key')), k('branch value'));
    assert.equal(hex(trie.root), hex(referenceRoot([...trie.entries()])));
  });
});

describe('state trie against the independent reference', () => {
  const key = fc.oneof(
    fc.array(fc.constantFrom(0x00, 0x01, 0x10, 0x11, 0xf0, 0xff), { maxLength: 4 }).map((b) => Uint8Array.from(b)),
    fc.uint8Array({ maxLength: 34 }),
  );
  const entry = fc.tuple(key, fc.uint8Array({ maxLength: 70 }));

  it('trieRootOf and MerkleTrie give the reference root for any set of entries', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const expected = hex(referenceRoot(entries));
        assert.equal(hex(trieRootOf(entries)), expected);
        const trie = new MerkleTrie();
        for (const e of entries) trie.update([e]);
        assert.equal(hex(trie.root), expected);
      }),
      { numRuns: 100 },
    );
  });
});

describe('node encoding', () => {
  const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
  const path = fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 70 }).map((n) => Uint8Array.from(n));
  const value = fc.uint8Array({ maxLength: 300 });
  /** A node plus, for branches, its 16 child hashes (what the codec takes). */
  type Sample = { node: TrieNode; children?: Array<Uint8Array | undefined> };
  const node: fc.Arbitrary<Sample> = fc.oneof(
    fc.record({ path, value }).map(({ path, value }) => ({ node: { kind: 'leaf' as const, path, value, hash: undefined } })),
    fc.record({ path: path.filter((p) => p.length > 0), child: hash }).map(({ path, child }) => ({
      node: { kind: 'ext' as const, path, child: hashKey(child), hash: undefined },
    })),
    fc
      .record({
        children: fc.array(fc.option(hash, { nil: undefined }), { minLength: 16, maxLength: 16 }),
        value: fc.option(value, { nil: undefined }),
      })
      .filter(({ children, value }) => children.filter(Boolean).length + (value ? 1 : 0) >= 2)
      .map(({ children, value }) => {
        const { bitmap, encoded } = encodeBranch(
          children.map((c) => (c === undefined ? undefined : hashKey(c))),
          undefined,
          value,
        );
        return { node: branch(bitmap, encoded, value), children };
      }),
  );
  const viaCodec = ({ node: n, children }: Sample): Uint8Array =>
    n.kind === 'leaf'
      ? encode(TrieNodeCodec, { tag: 'Leaf', value: { partial: n.path, value: n.value } })
      : n.kind === 'ext'
        ? encode(TrieNodeCodec, { tag: 'Extension', value: { partial: n.path, child: keyBytes(n.child) } })
        : encode(TrieNodeCodec, { tag: 'Branch', value: { children: children ?? [], value: n.value } });
  const childrenOf = (n: BranchNode) => Array.from({ length: 16 }, (_, i) => childAt(n, i)).map((c) => c && hex(keyBytes(c)));
  /** What the normative codec plus the canonical rules accept, as a plain object (or 'reject'). */
  const codecView = (bytes: Uint8Array): unknown => {
    try {
      const d = decode(TrieNodeCodec, bytes);
      if (d.tag === 'Empty') return 'reject';
      if (d.tag === 'Leaf') return { kind: 'leaf', path: [...d.value.partial], value: hex(d.value.value) };
      if (d.tag === 'Extension')
        return d.value.partial.length === 0 ? 'reject' : { kind: 'ext', path: [...d.value.partial], child: hex(d.value.child) };
      const entries = d.value.children.filter(Boolean).length + (d.value.value === undefined ? 0 : 1);
      if (entries < 2) return 'reject';
      return { kind: 'branch', children: d.value.children.map((c) => c && hex(c)), value: d.value.value && hex(d.value.value) };
    } catch (error) {
      assert.ok(isPhalanxError(error, 'CODEC'), String(error));
      return 'reject';
    }
  };
  const fastView = (bytes: Uint8Array): unknown => {
    try {
      const n = decodeNode(bytes);
      if (n.kind === 'leaf') return { kind: 'leaf', path: [...n.path], value: hex(n.value) };
      if (n.kind === 'ext') return { kind: 'ext', path: [...n.path], child: hex(keyBytes(n.child)) };
      return { kind: 'branch', children: childrenOf(n), value: n.value && hex(n.value) };
    } catch (error) {
      assert.ok(isPhalanxError(error, 'CODEC'), String(error));
      return 'reject';
    }
  };

  it('the fast encoder writes exactly the SCALE codec bytes, and decodes back', () => {
    fc.assert(
      fc.property(node, (sample) => {
        const bytes = encodeNode(sample.node);
        assert.equal(hex(bytes), hex(viaCodec(sample)));
        assert.deepEqual(fastView(bytes), codecView(bytes));
        assert.notEqual(fastView(bytes), 'reject');
      }),
      { numRuns: 300 },
    );
  });

  it('the strict decoder accepts and rejects exactly what the codec and canonical rules do', () => {
    const mutated = fc
      .tuple(
        node,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.integer({ min: -3, max: 3 }),
      )
      .map(([n, edits, resize]) => {
        let bytes = encodeNode(n.node).slice();
        for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
        if (resize < 0) bytes = bytes.slice(0, Math.max(0, bytes.length + resize));
        if (resize > 0) bytes = cat(bytes, new Uint8Array(resize));
        return bytes;
      });
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc
        .tuple(fc.integer({ min: 0, max: 5 }), fc.uint8Array({ maxLength: 80 }))
        .map(([tag, rest]) => cat(Uint8Array.of(tag), rest)),
    );
    fc.assert(
      fc.property(fc.oneof(mutated, garbage), (bytes) => {
        assert.deepEqual(fastView(bytes), codecView(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects the non-canonical forms with CODEC', () => {
    const h = new Uint8Array(32).fill(1);
    throwsCode(() => decodeNode(Uint8Array.of(0)), 'CODEC'); // Empty below a root
    throwsCode(() => decodeNode(cat(Uint8Array.of(2, 0), h)), 'CODEC'); // extension with empty partial
    throwsCode(() => decodeNode(cat(Uint8Array.of(3, 1, 0), h, Uint8Array.of(0))), 'CODEC'); // branch with one child
    throwsCode(() => decodeNode(Uint8Array.of(1, 4, 0x1f, 0)), 'CODEC'); // odd path with non-zero padding
    throwsCode(() => decodeNode(Uint8Array.of(1, 1, 0, 0, 0)), 'CODEC'); // non-canonical compact (two-byte 0)
    throwsCode(() => decodeNode(Uint8Array.of(1, 0, 0, 9)), 'CODEC'); // trailing byte
    throwsCode(() => decodeNode(Uint8Array.of(9)), 'CODEC'); // unknown variant
    throwsCode(() => decodeNode('x' as unknown as Uint8Array), 'CODEC');
    assert.equal(decodeNode(Uint8Array.of(1, 0, 0)).kind, 'leaf'); // empty partial, empty value: fine
  });
});
