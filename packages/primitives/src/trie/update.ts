/**
 * Batched update: applies a sorted, deduplicated list of changes to a trie in one pass over the
 * touched paths. Nodes built along the way stay unhashed until a parent needs their hash, so each
 * node of the new trie is encoded and hashed once per batch, and nodes that a later step of the
 * same batch merges away (branch collapsing into extension/leaf) are never hashed at all.
 */
import { blake2_256 } from '@phalanx/crypto';
import type { Change } from './changes.js';
import { type ChildSlot, encodeBranch, encodeNode } from './encoding.js';
import { bytesEqual, commonPrefix, compareBytes, concatNibbles, type HashKey, hashKey, hashKeyAt } from './nibbles.js';
import { BRANCH_CHILDREN_AT, branch, EMPTY_KEY, extension, HASH_LENGTH, leaf, type TrieNode } from './node.js';
import type { NodeLoader } from './store.js';

export type Insert = Change & { readonly value: Uint8Array };
/**
 * A child slot while a branch is rebuilt: a hash, the index of an unchanged child hash in the
 * encoding of the branch being replaced, a node not yet hashed, or nothing.
 */
type Child = HashKey | number | TrieNode | undefined;

const isInsert = (change: Change): change is Insert => change.value !== undefined;
const sameValue = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a === undefined || b === undefined ? a === b : bytesEqual(a, b);

export class Batch {
  /** Hashes and encodings of the nodes written, each once, in write order (children first). */
  readonly writtenKeys: HashKey[] = [];
  readonly writtenNodes: Uint8Array[] = [];
  readonly #loader: NodeLoader;
  readonly #keep: boolean;
  readonly #written = new Set<string>();

  /** `keep` = false computes hashes only (no store writes, no cache, no newNodes). */
  constructor(loader: NodeLoader, keep: boolean) {
    this.#loader = loader;
    this.#keep = keep;
  }

  /** Applies sorted, deduplicated changes to the trie at `root`; returns the new root. */
  apply(root: HashKey, changes: readonly Change[]): HashKey {
    const node = root === EMPTY_KEY ? undefined : this.#loader.load(root);
    const next = this.#node(node, 0, changes, 0, changes.length);
    return next === undefined ? EMPTY_KEY : this.commit(next);
  }

  /** Builds a trie from sorted, distinct inserts; returns its root. */
  build(inserts: readonly Insert[]): HashKey {
    const node = this.#build(0, inserts, 0, inserts.length);
    return node === undefined ? EMPTY_KEY : this.commit(node);
  }

  /** Encodes and hashes a node (once: the hash is memoised) and writes it to the store. */
  commit(node: TrieNode): HashKey {
    if (node.hash !== undefined) return node.hash;
    const encoded = encodeNode(node);
    const hash = blake2_256(encoded);
    const key = hashKey(hash);
    node.hash = key;
    if (this.#keep) {
      if (!this.#written.has(key)) {
        this.#written.add(key);
        this.#loader.put(key, hash, encoded);
        this.writtenKeys.push(key);
        this.writtenNodes.push(encoded);
      }
      this.#loader.rememberNew(key, node, encoded);
    }
    return key;
  }

  #resolve(child: HashKey | number | TrieNode, base: Uint8Array | undefined): TrieNode {
    if (typeof child === 'string') return this.#loader.load(child);
    if (typeof child === 'number')
      return this.#loader.load(hashKeyAt(base as Uint8Array, BRANCH_CHILDREN_AT + HASH_LENGTH * child));
    return child;
  }

  /** The subtrie at nibble depth `d` after applying changes [lo, hi), all under this subtrie's prefix. */
  #node(node: TrieNode | undefined, d: number, ch: readonly Change[], lo: number, hi: number): TrieNode | undefined {
    if (lo === hi) return node;
    const next = this.#change(node, d, ch, lo, hi);
    // A replaced stored node leaves the cache (the store keeps it): the cache follows the current trie.
    if (next !== node && node?.hash !== undefined && this.#keep) this.#loader.forget(node.hash);
    return next;
  }

  #change(node: TrieNode | undefined, d: number, ch: readonly Change[], lo: number, hi: number): TrieNode | undefined {
    if (node === undefined) {
      const inserts = ch.slice(lo, hi).filter(isInsert);
      return this.#build(d, inserts, 0, inserts.length);
    }
    if (node.kind === 'branch') {
      const kids: Child[] = new Array(16);
      let rank = 0;
      for (let n = 0; n < 16; n++) kids[n] = (node.bitmap >> n) & 1 ? rank++ : undefined;
      return this.#branch(kids, node.encoded, node.value, d, ch, lo, hi, node);
    }
    const first = ch[lo] as Change;
    const last = ch[hi - 1] as Change;
    if (node.kind === 'leaf') {
      const path = node.path;
      if (hi - lo === 1 && first.nib.length - d === path.length && commonPrefix(first.nib, d, path, 0) === path.length) {
        if (first.value === undefined) return undefined;
        return bytesEqual(first.value, node.value) ? node : leaf(path, first.value);
      }
      return this.#mergeLeaf(node, d, ch, lo, hi);
    }
    // Extension: changes under its path go down to the child; any other split the path.
    const path = node.path;
    const l = Math.min(commonPrefix(first.nib, d, path, 0), commonPrefix(last.nib, d, path, 0));
    if (l === path.length) {
      const child = this.#loader.load(node.child);
      const next = this.#node(child, d + l, ch, lo, hi);
      return next === child ? node : this.#wrap(path, next);
    }
    const kids: Child[] = new Array(16).fill(undefined);
    kids[path[l] as number] = l + 1 === path.length ? node.child : extension(path.subarray(l + 1), node.child);
    return this.#wrap(path.subarray(0, l), this.#branch(kids, undefined, undefined, d + l, ch, lo, hi, undefined));
  }

  /** A leaf meets other changes: rebuild the subtrie from the leaf's entry merged with them. */
  #mergeLeaf(node: TrieNode & { kind: 'leaf' }, d: number, ch: readonly Change[], lo: number, hi: number): TrieNode | undefined {
    const own: Insert = { nib: concatNibbles((ch[lo] as Change).nib.subarray(0, d), node.path), value: node.value };
    const items: Insert[] = [];
    let placed = false;
    let touched = false;
    for (let i = lo; i < hi; i++) {
      const change = ch[i] as Change;
      if (!placed) {
        const order = compareBytes(own.nib, change.nib);
        if (order < 0) {
          items.push(own);
          placed = true;
        } else if (order === 0) {
          placed = true;
          touched = true;
          if (isInsert(change)) items.push(change);
          continue;
        }
      }
      if (isInsert(change)) {
        items.push(change);
        touched = true;
      }
    }
    if (!placed) items.push(own);
    return touched ? this.#build(d, items, 0, items.length) : node;
  }

  #branch(
    kids: Child[],
    base: Uint8Array | undefined,
    value: Uint8Array | undefined,
    d: number,
    ch: readonly Change[],
    lo: number,
    hi: number,
    original: TrieNode | undefined,
  ): TrieNode | undefined {
    let changed = false;
    let i = lo;
    const head = ch[i] as Change;
    if (head.nib.length === d) {
      if (!sameValue(head.value, value)) {
        value = head.value;
        changed = true;
      }
      i++;
    }
    while (i < hi) {
      const nibble = (ch[i] as Change).nib[d] as number;
      let j = i + 1;
      while (j < hi && (ch[j] as Change).nib[d] === nibble) j++;
      const old = kids[nibble];
      const before = old === undefined ? undefined : this.#resolve(old, base);
      const after = this.#node(before, d + 1, ch, i, j);
      if (after !== before) {
        kids[nibble] = after;
        changed = true;
      }
      i = j;
    }
    if (!changed && original !== undefined) return original;
    return this.#normalise(kids, base, value);
  }

  /** The canonical node for a branch's contents: nothing, a leaf, an extension, or a branch. */
  #normalise(kids: Child[], base: Uint8Array | undefined, value: Uint8Array | undefined): TrieNode | undefined {
    let count = 0;
    let only = -1;
    for (let n = 0; n < 16; n++) {
      if (kids[n] !== undefined) {
        count++;
        only = n;
      }
    }
    if (count === 0) return value === undefined ? undefined : leaf(new Uint8Array(0), value);
    if (count === 1 && value === undefined)
      return this.#wrap(Uint8Array.of(only), this.#resolve(kids[only] as HashKey | number | TrieNode, base));
    // `kids` is this call's own array: commit the new children in place, then encode the branch.
    for (let n = 0; n < 16; n++) {
      const kid = kids[n];
      if (typeof kid === 'object') kids[n] = this.commit(kid);
    }
    const { bitmap, encoded } = encodeBranch(kids as ChildSlot[], base, value);
    return branch(bitmap, encoded, value);
  }

  /** `node` moved down under `prefix`: merged into a leaf/extension path, or behind an extension. */
  #wrap(prefix: Uint8Array, node: TrieNode | undefined): TrieNode | undefined {
    if (node === undefined || prefix.length === 0) return node;
    if (node.kind === 'leaf') return leaf(concatNibbles(prefix, node.path), node.value);
    if (node.kind === 'ext') return extension(concatNibbles(prefix, node.path), node.child);
    return extension(prefix.slice(), this.commit(node));
  }

  /** A fresh subtrie at depth `d` from sorted, distinct inserts [lo, hi). */
  #build(d: number, items: readonly Insert[], lo: number, hi: number): TrieNode | undefined {
    if (lo === hi) return undefined;
    const first = items[lo] as Insert;
    if (hi - lo === 1) return leaf(first.nib.subarray(d), first.value);
    const l = commonPrefix(first.nib, d, (items[hi - 1] as Insert).nib, d);
    const at = d + l;
    const kids: Child[] = new Array(16).fill(undefined);
    let value: Uint8Array | undefined;
    let i = lo;
    if (first.nib.length === at) {
      value = first.value;
      i++;
    }
    while (i < hi) {
      const nibble = (items[i] as Insert).nib[at] as number;
      let j = i + 1;
      while (j < hi && (items[j] as Insert).nib[at] === nibble) j++;
      kids[nibble] = this.#build(at + 1, items, i, j);
      i = j;
    }
    const node = this.#normalise(kids, undefined, value);
    return l === 0 ? node : this.#wrap(first.nib.subarray(d, at), node);
  }
}
