/** Node loading: a NodeStore behind a cache of decoded nodes. */
import { toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { decodeNode } from './encoding.js';
import { MemoryNodeStore, type NodeStore } from './memory-store.js';
import { type HashKey, keyBytes } from './nibbles.js';
import type { TrieNode } from './node.js';

export { MemoryNodeStore, type NodeStore };

/** A store that keeps nothing: for computing a root without keeping the nodes. */
export const DISCARD_STORE: NodeStore = { get: () => undefined, put: () => {} };

/** Default bound of the decoded-node cache, in nodes. */
export const DEFAULT_CACHE_NODES = 1 << 20;

/**
 * A store with a cache of decoded interior nodes (branches, extensions), shared by every view
 * (`at(root)`) of the tries over one store. Leaves are not cached: they are most of a trie, cheap
 * to decode, and a batch reads each changed leaf once. The cache is dropped wholesale when it
 * outgrows its bound (simple, and never wrong: nodes are immutable).
 */
export class NodeLoader {
  readonly store: NodeStore;
  readonly #memory: MemoryNodeStore | undefined;
  readonly #cache = new Map<HashKey, TrieNode>();
  readonly #maxCached: number;

  constructor(store: NodeStore, maxCached = DEFAULT_CACHE_NODES) {
    this.store = store;
    this.#memory = store instanceof MemoryNodeStore ? store : undefined;
    this.#maxCached = maxCached;
  }

  /** The node with this hash; throws PhalanxError 'INVALID_INPUT' when the store lacks it. */
  load(key: HashKey): TrieNode {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const node = decodeNode(this.encoded(key), key);
    this.remember(key, node);
    return node;
  }

  /** The encoding of the node with this hash; throws PhalanxError 'INVALID_INPUT' when missing. */
  encoded(key: HashKey): Uint8Array {
    const encoded = this.#memory === undefined ? this.store.get(keyBytes(key)) : this.#memory.getByKey(key);
    if (encoded === undefined) {
      const hash = keyBytes(key);
      throw new PhalanxError('INVALID_INPUT', `trie node ${toHex(hash)} is not in the node store (unknown or pruned root)`, {
        details: { hash: toHex(hash) },
      });
    }
    return encoded;
  }

  has(key: HashKey): boolean {
    if (this.#cache.has(key)) return true;
    return (this.#memory === undefined ? this.store.get(keyBytes(key)) : this.#memory.getByKey(key)) !== undefined;
  }

  /** Writes a node to the store. */
  put(key: HashKey, hash: Uint8Array, encoded: Uint8Array): void {
    if (this.#memory === undefined) this.store.put(hash, encoded);
    else this.#memory.putByKey(key, encoded);
  }

  /** Drops a node from the cache (one the current trie no longer uses; the store keeps it). */
  forget(key: HashKey): void {
    this.#cache.delete(key);
  }

  /**
   * Caches a node just written. A new branch is cached over the store's copy of its encoding (or a
   * private copy), not the batch's buffer, and its value is re-pointed there: the cache then
   * neither pins the batch's encoding buffers nor aliases a caller's value array.
   */
  rememberNew(key: HashKey, node: TrieNode, encoded: Uint8Array): void {
    if (node.kind === 'leaf') return;
    if (node.kind === 'branch') {
      const stable = this.#memory?.getByKey(key) ?? encoded.slice();
      const value = node.value === undefined ? undefined : stable.subarray(stable.length - node.value.length);
      this.remember(key, { kind: 'branch', bitmap: node.bitmap, encoded: stable, value, hash: key });
    } else this.remember(key, node);
  }

  remember(key: HashKey, node: TrieNode): void {
    if (node.kind === 'leaf') return;
    if (this.#cache.size >= this.#maxCached) this.#cache.clear();
    this.#cache.set(key, node);
  }
}
