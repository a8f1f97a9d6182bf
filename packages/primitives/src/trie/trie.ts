/** The MerkleTrie class (a persistent trie over a NodeStore) and trieRootOf. */
import { toHex } from '@phalanx/crypto';
import { assertBytes, PhalanxError } from '@phalanx/errors';
import { checkKey, prepareChanges } from './changes.js';
import { iterateEntries } from './iterate.js';
import { lookup } from './lookup.js';
import { type HashKey, hashKey, keyBytes } from './nibbles.js';
import { EMPTY_KEY, HASH_LENGTH } from './node.js';
import { proveKeys } from './proof.js';
import { DISCARD_STORE, MemoryNodeStore, NodeLoader, type NodeStore } from './store.js';
import { Batch } from './update.js';

/**
 * What `update` returns: the new root and the nodes it wrote to the store (hash, encoding), each
 * once, children before parents (`newNodes` is built on first read). The encodings are views into
 * buffers shared with other nodes: do not modify them; copy one before transferring its `.buffer`.
 */
export interface TrieUpdate {
  readonly root: Uint8Array;
  readonly newNodes: Array<[Uint8Array, Uint8Array]>;
}

/** One change of a batch: `[key, value]` sets, `[key, undefined]` deletes. */
export type TrieChange = readonly [Uint8Array, Uint8Array | undefined];

// One loader (with its decoded-node cache) per store, shared by every trie over that store.
const loaders = new WeakMap<NodeStore, NodeLoader>();
function loaderOf(store: NodeStore): NodeLoader {
  let loader = loaders.get(store);
  if (loader === undefined) {
    loader = new NodeLoader(store);
    loaders.set(store, loader);
  }
  return loader;
}

/**
 * A Merkle Patricia trie at one root over a NodeStore. Updating moves this object to a new root
 * and leaves the nodes of older roots in the store, so `at(oldRoot)` still reads them.
 * Needs `await cryptoReady()` (from @phalanx/crypto) once before use.
 */
export class MerkleTrie {
  readonly store: NodeStore;
  readonly #loader: NodeLoader;
  #root: HashKey;

  /** A trie over `store` (default: a fresh MemoryNodeStore) at `root` (default: EMPTY_ROOT). */
  constructor(store: NodeStore = new MemoryNodeStore(), root?: Uint8Array) {
    if (root !== undefined) assertBytes(root, 'root', HASH_LENGTH);
    this.store = store;
    this.#loader = loaderOf(store);
    this.#root = root === undefined ? EMPTY_KEY : hashKey(root);
    if (root !== undefined && this.#root !== EMPTY_KEY && !this.#loader.has(this.#root)) {
      throw new PhalanxError('INVALID_INPUT', `trie root ${toHex(root)} is not in the node store`, {
        details: { root: toHex(root) },
      });
    }
  }

  /** The current root (a copy). */
  get root(): Uint8Array {
    return keyBytes(this.#root);
  }

  /** A trie over the same store (and cache) at another root, e.g. an older block's. */
  at(root: Uint8Array): MerkleTrie {
    return new MerkleTrie(this.store, root);
  }

  /** The value under `key` (a copy), or undefined. */
  get(key: Uint8Array): Uint8Array | undefined {
    checkKey(key);
    return lookup(this.#root, key, (hash) => this.#loader.load(hash))?.slice();
  }

  /**
   * Applies a batch (`undefined` value = delete; a key given twice: the last change wins), moves
   * this trie to the new root and returns it with the nodes created. The batch is validated
   * before anything is written: an invalid change (PhalanxError 'INVALID_INPUT') changes nothing.
   */
  update(changes: Iterable<TrieChange>): TrieUpdate {
    const prepared = prepareChanges(changes);
    const batch = new Batch(this.#loader, true);
    const root = batch.apply(this.#root, prepared);
    this.#root = root;
    return {
      root: keyBytes(root),
      // Built on first read: the batch itself only records the keys and encodings it wrote.
      get newNodes() {
        const value = batch.writtenKeys.map((key, i): [Uint8Array, Uint8Array] => [
          keyBytes(key),
          batch.writtenNodes[i] as Uint8Array,
        ]);
        Object.defineProperty(this, 'newNodes', { value, enumerable: true });
        return value;
      },
    };
  }

  /** The read proof of `keys` (present or absent): deduplicated node encodings, root first. */
  prove(keys: Iterable<Uint8Array>): Uint8Array[] {
    return proveKeys(this.#loader, this.#root, keys);
  }

  /** Entries in ascending byte order of key, optionally only keys with `prefix`, only keys > `startAfter`. */
  entries(prefix?: Uint8Array, startAfter?: Uint8Array): Generator<[Uint8Array, Uint8Array], void, undefined> {
    if (prefix !== undefined) checkKey(prefix, 'prefix');
    if (startAfter !== undefined) checkKey(startAfter, 'startAfter');
    return iterateEntries(this.#loader, this.#root, prefix, startAfter);
  }
}

/** The root of the trie holding exactly `entries` (a key given twice: the last value wins). */
export function trieRootOf(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const inserts = prepareChanges(entries).map((change) => {
    if (change.value === undefined) throw new PhalanxError('INVALID_INPUT', 'trieRootOf: every entry needs a value');
    return { nib: change.nib, value: change.value };
  });
  return keyBytes(new Batch(new NodeLoader(DISCARD_STORE, 0), false).build(inserts));
}
