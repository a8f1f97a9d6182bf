/**
 * The NodeStore interface and its in-memory implementation. Nodes are content-addressed (key =
 * blake2_256 of the encoding), so one node may be shared by several positions and several roots:
 * a store that prunes must count references.
 */
import { PhalanxError } from '@phalanx/errors';
import { HashIndex } from './hash-index.js';
import { type HashKey, hashKey } from './nibbles.js';

/**
 * Synchronous node storage: hash -> SCALE-encoded node. `get` must return what `put` stored (or
 * undefined); the trie never modifies the arrays it gets or puts.
 */
export interface NodeStore {
  get(hash: Uint8Array): Uint8Array | undefined;
  put(hash: Uint8Array, encoded: Uint8Array): void;
}

const CHUNK = 1 << 20;
const HEADER = 4; // u32 LE length before each encoding

/**
 * An in-memory NodeStore that never forgets a node (old roots stay readable). Encodings are copied
 * into 1 MiB append-only chunks, indexed by a typed-array hash table (hash-index.ts): no object
 * per node, so a store of millions of nodes costs the garbage collector nothing. Hashes must be
 * 32 bytes. `get` returns a view into a chunk: do not modify it.
 */
export class MemoryNodeStore implements NodeStore {
  /** Hash -> location: chunk index * CHUNK + offset of the node's length header. */
  readonly #index = new HashIndex();
  readonly #chunks: Uint8Array[] = [];
  #chunk = new Uint8Array(0);
  #used = 0;
  #bytes = 0;

  get(hash: Uint8Array): Uint8Array | undefined {
    return hash instanceof Uint8Array && hash.length === 32 ? this.getByKey(hashKey(hash)) : undefined;
  }

  put(hash: Uint8Array, encoded: Uint8Array): void {
    if (!(hash instanceof Uint8Array) || hash.length !== 32 || !(encoded instanceof Uint8Array)) {
      throw new PhalanxError('INVALID_INPUT', 'MemoryNodeStore.put takes a 32-byte hash and a Uint8Array encoding');
    }
    this.putByKey(hashKey(hash), encoded);
  }

  /** `get` by HashKey (the trie's own fast path: no conversion). */
  getByKey(key: HashKey): Uint8Array | undefined {
    const location = this.#index.get(key);
    if (location === undefined) return undefined;
    const chunk = this.#chunks[Math.floor(location / CHUNK)] as Uint8Array;
    const at = location % CHUNK;
    const length =
      ((chunk[at] as number) |
        ((chunk[at + 1] as number) << 8) |
        ((chunk[at + 2] as number) << 16) |
        ((chunk[at + 3] as number) << 24)) >>>
      0;
    return new Uint8Array(chunk.buffer, chunk.byteOffset + at + HEADER, length);
  }

  /**
   * `put` by HashKey (the trie's own fast path: no conversion). Content-addressed: putting a key
   * again stores the same bytes, so the copy is simply re-pointed (one Map operation, not two).
   */
  putByKey(key: HashKey, encoded: Uint8Array): void {
    const need = HEADER + encoded.length;
    if (this.#used + need > this.#chunk.length) {
      this.#chunk = new Uint8Array(Math.max(CHUNK, need)); // an oversize node gets a chunk of its own
      this.#chunks.push(this.#chunk);
      this.#used = 0;
    }
    const chunk = this.#chunk;
    const at = this.#used;
    const length = encoded.length;
    chunk[at] = length & 0xff;
    chunk[at + 1] = (length >>> 8) & 0xff;
    chunk[at + 2] = (length >>> 16) & 0xff;
    chunk[at + 3] = length >>> 24;
    chunk.set(encoded, at + HEADER);
    this.#used += need;
    if (this.#index.set(key, (this.#chunks.length - 1) * CHUNK + at)) this.#bytes += length;
  }

  /** Number of nodes held. */
  get size(): number {
    return this.#index.size;
  }

  /** Total bytes of the encoded nodes held (hashes and headers excluded). */
  get totalBytes(): number {
    return this.#bytes;
  }
}
