/**
 * The state trie: a 16-ary Merkle Patricia trie over byte keys (<= 256 bytes) and values
 * (<= 1 MiB), with one root per block, read proofs (presence and absence) checked without a
 * database, and ordered iteration. Pure code: no I/O, no clock. Needs `await cryptoReady()`.
 *
 * Canonical: a set of entries has one root whatever the order or batching of the changes that
 * built it. Nodes (leaf / extension / branch, children always by hash) are SCALE-encoded and
 * hashed with blake2_256; the encoding is documented in node.ts.
 *
 * Public API:
 *   EMPTY_ROOT, EMPTY_ROOT_HEX   root of the empty trie = blake2_256(0x00) (0x0317…1314)
 *   MAX_KEY_LENGTH (256), MAX_VALUE_LENGTH (1 MiB)
 *   interface NodeStore { get(hash): Uint8Array | undefined; put(hash, encoded): void }
 *   class MemoryNodeStore implements NodeStore { size; totalBytes }
 *   class MerkleTrie {
 *     constructor(store?: NodeStore, root?: Uint8Array)    // defaults: new MemoryNodeStore(), EMPTY_ROOT
 *     readonly store; readonly root                        // root: a copy
 *     get(key): Uint8Array | undefined
 *     update(changes: Iterable<[key, value | undefined]>): { root, newNodes: [hash, encoded][] }
 *                                                          // undefined = delete; last change of a key wins
 *     at(root): MerkleTrie                                 // same store and cache, another root
 *     prove(keys: Iterable<Uint8Array>): Uint8Array[]      // deduplicated node encodings
 *     entries(prefix?, startAfter?): Generator<[key, value]>  // ascending key order, startAfter exclusive
 *   }
 *   verifyProof(root, proof, key): Uint8Array | undefined  // value, or undefined = proven absent
 *   verifyProofKeys(root, proof, keys): (Uint8Array | undefined)[]
 *   trieRootOf(entries: Iterable<[key, value]>): Uint8Array
 *   TrieNodeCodec                                         // the node's SCALE codec (e.g. for tooling)
 *
 * Errors (all PhalanxError): bad key/value/root/batch/argument -> 'INVALID_INPUT'; a proof that
 * does not settle the key (node missing: wrong root, incomplete or altered; node malformed or
 * non-canonical) -> PROOF_ERROR_CODE = 'INVALID_PROOF'; a malformed node in the store -> 'CODEC';
 * a node missing from the store (unknown or pruned root) -> 'INVALID_INPUT'.
 * Nodes are content-addressed and may be shared between positions and roots: prune by refcount.
 */
export { EMPTY_ROOT, EMPTY_ROOT_HEX, emptyRoot, MAX_KEY_LENGTH, MAX_VALUE_LENGTH, TrieNodeCodec } from './node.js';
export { PROOF_ERROR_CODE, verifyProof, verifyProofKeys } from './proof.js';
export { MemoryNodeStore, type NodeStore } from './store.js';
export { MerkleTrie, type TrieChange, type TrieUpdate, trieRootOf } from './trie.js';
