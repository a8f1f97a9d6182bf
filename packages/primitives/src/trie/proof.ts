/**
 * Read proofs. A proof is the list of the encoded nodes on the paths of the proven keys, from the
 * root down to the node that settles each key: its leaf or branch value (presence), or the node
 * showing the key's path stops (absence: an empty branch slot, or a leaf/extension that diverges).
 * A verifier needs nothing but the root: it hashes the proof's nodes and walks the key's path.
 * Nodes of the proof that the walk does not need are ignored.
 */
import { blake2_256, toHex } from '@phalanx/crypto';
import { assertBytes, type ErrorCode, isPhalanxError, PhalanxError } from '@phalanx/errors';
import { checkKey } from './changes.js';
import { decodeNode } from './encoding.js';
import { lookup } from './lookup.js';
import { type HashKey, hashKey, keyBytes } from './nibbles.js';
import { HASH_LENGTH, type TrieNode } from './node.js';
import type { NodeLoader } from './store.js';

/**
 * The code of the error thrown when a proof does not settle a key against a root: a node is
 * missing (wrong root, incomplete or altered proof) or malformed (the CODEC error is the `cause`).
 */
export const PROOF_ERROR_CODE: ErrorCode = 'INVALID_PROOF';

/** Deduplicated encodings of the nodes proving each key's value or absence in the trie at `root`. */
export function proveKeys(loader: NodeLoader, root: HashKey, keys: Iterable<Uint8Array>): Uint8Array[] {
  const proof: Uint8Array[] = [];
  const seen = new Set<HashKey>();
  const load = (hash: HashKey): TrieNode => {
    const node = loader.load(hash);
    if (!seen.has(hash)) {
      seen.add(hash);
      proof.push(loader.encoded(hash).slice());
    }
    return node;
  };
  for (const key of keys) {
    checkKey(key);
    lookup(root, key, load);
  }
  return proof;
}

/** The nodes of an untrusted proof, indexed by hash, decoded (strictly) on first use. */
class ProofNodes {
  readonly #encoded = new Map<HashKey, Uint8Array>();
  readonly #decoded = new Map<HashKey, TrieNode>();
  readonly #root: Uint8Array;
  readonly #rootKey: HashKey;

  constructor(root: Uint8Array, proof: unknown) {
    assertBytes(root, 'root', HASH_LENGTH);
    if (!Array.isArray(proof)) throw new PhalanxError('INVALID_INPUT', 'proof must be an array of Uint8Array nodes');
    for (const node of proof) {
      if (!(node instanceof Uint8Array)) throw new PhalanxError('INVALID_INPUT', 'proof must be an array of Uint8Array nodes');
      this.#encoded.set(hashKey(blake2_256(node)), node);
    }
    this.#root = root;
    this.#rootKey = hashKey(root);
  }

  load(id: HashKey, key: Uint8Array): TrieNode {
    const cached = this.#decoded.get(id);
    if (cached !== undefined) return cached;
    const encoded = this.#encoded.get(id);
    if (encoded === undefined) {
      const hash = keyBytes(id);
      throw new PhalanxError(
        PROOF_ERROR_CODE,
        `invalid proof: it does not prove key ${toHex(key)} against root ${toHex(this.#root)} (node ${toHex(hash)} is missing: wrong root, incomplete or altered proof)`,
        { details: { root: toHex(this.#root), missing: toHex(hash) } },
      );
    }
    const node = decodeNode(encoded, id);
    this.#decoded.set(id, node);
    return node;
  }

  value(key: Uint8Array): Uint8Array | undefined {
    checkKey(key);
    try {
      return lookup(this.#rootKey, key, (hash) => this.load(hash, key))?.slice();
    } catch (error) {
      if (!isPhalanxError(error, 'CODEC')) throw error;
      throw new PhalanxError(PROOF_ERROR_CODE, `invalid proof for key ${toHex(key)}: ${error.message}`, {
        details: { root: toHex(this.#root) },
        cause: error,
      });
    }
  }
}

/**
 * The value `proof` proves for `key` under `root`, or undefined when it proves the key absent.
 * Throws PhalanxError when it proves neither, with PROOF_ERROR_CODE ('INVALID_PROOF'): a node is
 * missing (wrong root, incomplete or altered proof) or malformed / non-canonical (cause: the
 * CODEC error). Arguments of the wrong shape throw 'INVALID_INPUT'.
 */
export function verifyProof(root: Uint8Array, proof: readonly Uint8Array[], key: Uint8Array): Uint8Array | undefined {
  return new ProofNodes(root, proof).value(key);
}

/** `verifyProof` for several keys sharing one proof (each node hashed once); values in key order. */
export function verifyProofKeys(
  root: Uint8Array,
  proof: readonly Uint8Array[],
  keys: readonly Uint8Array[],
): Array<Uint8Array | undefined> {
  const nodes = new ProofNodes(root, proof);
  if (!Array.isArray(keys)) throw new PhalanxError('INVALID_INPUT', 'keys must be an array of Uint8Array keys');
  return keys.map((key) => nodes.value(key));
}
