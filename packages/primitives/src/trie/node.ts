/**
 * Trie nodes and their SCALE encoding. A node is referenced by the blake2_256 of its encoding;
 * children are always referenced by hash (never inlined), so every node is its own proof item.
 *
 *   enum TrieNode {
 *     Empty,                                                        // 0x00: only as EMPTY_ROOT
 *     Leaf      { partial: NibblePath, value: Bytes<1 MiB> },       // 0x01
 *     Extension { partial: NibblePath, child: [u8; 32] },           // 0x02
 *     Branch    { children: ChildHashes, value: Option<Bytes<1 MiB>> }, // 0x03
 *   }
 *   NibblePath  = Compact<u32> nibble count (<= 512), then ceil(n/2) bytes, high nibble first;
 *                 an odd path pads the low nibble of its last byte with 0.
 *   ChildHashes = u16 LE bitmap (bit i = child for nibble i), then one 32-byte hash per set bit,
 *                 in nibble order.
 *
 * `TrieNodeCodec` is the normative definition; encoding.ts has the fast encoder and decoder the
 * trie uses (tested to agree with it byte for byte and error for error).
 *
 * Canonical form (what `decodeNode` enforces, besides strict SCALE): no Empty node below a root;
 * an Extension has a non-empty partial and its child is a Branch (checked on traversal); a Branch
 * has at least two of {children, value}.
 */
import { PhalanxError } from '@phalanx/errors';
import { bytes, type Codec, enumOf, fixedBytes, option, readLength, struct, unit, writeCompact } from '@phalanx/scale';
import { type HashKey, hashKey, hashKeyAt } from './nibbles.js';

/** Longest key the trie accepts, in bytes. */
export const MAX_KEY_LENGTH = 256;
/** Largest value the trie accepts, in bytes (1 MiB). */
export const MAX_VALUE_LENGTH = 1024 * 1024;
export const HASH_LENGTH = 32;
export const MAX_NIBBLES = MAX_KEY_LENGTH * 2;

const encodeError = (message: string) => new PhalanxError('ENCODE', message);
const decodeError = (message: string) => new PhalanxError('CODEC', message);

/**
 * Root of the empty trie: blake2_256 of the encoded `Empty` node, the single byte 0x00
 * (the same value as Substrate's empty blake2 trie root).
 */
export const EMPTY_ROOT_HEX = '0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314';
const EMPTY_ROOT_BYTES = Uint8Array.from(EMPTY_ROOT_HEX.slice(2).match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
/** Root of the empty trie (a fresh copy on each read, so the constant cannot be altered). */
export function emptyRoot(): Uint8Array {
  return EMPTY_ROOT_BYTES.slice();
}
/** Root of the empty trie: blake2_256(0x00). Treat as read-only. */
export const EMPTY_ROOT: Uint8Array = emptyRoot();

/** EMPTY_ROOT as a HashKey. */
export const EMPTY_KEY: HashKey = hashKey(EMPTY_ROOT_BYTES);

/**
 * A decoded node, as the trie code handles it. Hashes are `HashKey`s (see nibbles.ts: one char
 * per byte), which are cheaper than Uint8Arrays as Map keys and in memory. `path` is one nibble
 * per element. `hash` memoises the node's own hash once known.
 */
export interface LeafNode {
  readonly kind: 'leaf';
  readonly path: Uint8Array;
  readonly value: Uint8Array;
  hash: HashKey | undefined;
}
export interface ExtensionNode {
  readonly kind: 'ext';
  readonly path: Uint8Array;
  readonly child: HashKey;
  hash: HashKey | undefined;
}
/**
 * A branch keeps its encoding, which holds its child hashes (bytes [3, 3 + 32 * count), in nibble
 * order): no per-child objects, and re-encoding it with a few children changed copies the rest.
 */
export interface BranchNode {
  readonly kind: 'branch';
  /** Bit n set = a child for nibble n. */
  readonly bitmap: number;
  readonly encoded: Uint8Array;
  readonly value: Uint8Array | undefined;
  hash: HashKey | undefined;
}
export type TrieNode = LeafNode | ExtensionNode | BranchNode;

/** Offset of the first child hash in a branch's encoding (after the tag and the u16 bitmap). */
export const BRANCH_CHILDREN_AT = 3;

/** How many children a branch has before nibble `n` (its index among the child hashes). */
export function childRank(bitmap: number, n: number): number {
  let bits = bitmap & ((1 << n) - 1);
  let count = 0;
  while (bits !== 0) {
    bits &= bits - 1;
    count++;
  }
  return count;
}

/** The hash of a branch's child for nibble `n`, or undefined. */
export function childAt(node: BranchNode, n: number): HashKey | undefined {
  if (((node.bitmap >> n) & 1) === 0) return undefined;
  return hashKeyAt(node.encoded, BRANCH_CHILDREN_AT + HASH_LENGTH * childRank(node.bitmap, n));
}

export const leaf = (path: Uint8Array, value: Uint8Array): LeafNode => ({ kind: 'leaf', path, value, hash: undefined });
export const extension = (path: Uint8Array, child: HashKey): ExtensionNode => ({ kind: 'ext', path, child, hash: undefined });
export const branch = (bitmap: number, encoded: Uint8Array, value: Uint8Array | undefined): BranchNode => ({
  kind: 'branch',
  bitmap,
  encoded,
  value,
  hash: undefined,
});

export const NibblePath: Codec<Uint8Array> = {
  name: 'NibblePath',
  encodeTo(writer, path) {
    if (path.length > MAX_NIBBLES) throw encodeError(`NibblePath: ${path.length} nibbles exceed ${MAX_NIBBLES}`);
    writeCompact(writer, path.length);
    const packed = new Uint8Array((path.length + 1) >> 1);
    for (let i = 0; i < path.length; i++) {
      const nibble = path[i] as number;
      packed[i >> 1] = (packed[i >> 1] as number) | ((i & 1) === 0 ? nibble << 4 : nibble);
    }
    writer.bytes(packed);
  },
  decodeFrom(reader) {
    const n = readLength(reader, MAX_NIBBLES, 0, 'NibblePath');
    const packed = reader.take((n + 1) >> 1, 'NibblePath');
    if ((n & 1) === 1 && ((packed[packed.length - 1] as number) & 0x0f) !== 0) {
      throw decodeError('NibblePath: the padding nibble of an odd path must be 0');
    }
    const path = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const byte = packed[i >> 1] as number;
      path[i] = (i & 1) === 0 ? byte >> 4 : byte & 0x0f;
    }
    return path;
  },
};

export const ChildHashes: Codec<ReadonlyArray<Uint8Array | undefined>> = {
  name: 'ChildHashes',
  encodeTo(writer, children) {
    if (children.length !== 16) throw encodeError('ChildHashes: a branch has exactly 16 slots');
    let bitmap = 0;
    children.forEach((child, i) => {
      if (child !== undefined) bitmap |= 1 << i;
    });
    writer.u16(bitmap);
    for (const child of children) {
      if (child === undefined) continue;
      if (child.length !== HASH_LENGTH) throw encodeError('ChildHashes: a child hash must be 32 bytes');
      writer.bytes(child);
    }
  },
  decodeFrom(reader) {
    const bitmap = reader.u16();
    const children: (Uint8Array | undefined)[] = new Array(16);
    for (let i = 0; i < 16; i++) children[i] = (bitmap >> i) & 1 ? reader.take(HASH_LENGTH, 'child hash') : undefined;
    return children;
  },
};

const Value = bytes(MAX_VALUE_LENGTH);

/** The SCALE codec of a trie node (see the module comment). */
export const TrieNodeCodec = enumOf('TrieNode', {
  Empty: unit,
  Leaf: struct('TrieLeaf', { partial: NibblePath, value: Value }),
  Extension: struct('TrieExtension', { partial: NibblePath, child: fixedBytes(HASH_LENGTH) }),
  Branch: struct('TrieBranch', { children: ChildHashes, value: option(Value) }),
});
