/**
 * Fast encoder and strict decoder of trie nodes, byte for byte the SCALE `TrieNodeCodec` of
 * node.ts (the tests check both directions against it, on valid and on corrupted input). They
 * exist because a batch encodes thousands of nodes: one exact-size buffer per node, no
 * intermediate objects; decoded leaves view their encoding instead of copying it.
 */
import { PhalanxError } from '@phalanx/errors';
import { type HashKey, hashKeyAt } from './nibbles.js';
import {
  BRANCH_CHILDREN_AT,
  branch,
  childRank,
  extension,
  HASH_LENGTH,
  leaf,
  MAX_NIBBLES,
  MAX_VALUE_LENGTH,
  type TrieNode,
} from './node.js';

// Encodings are carved out of shared 64 KiB slabs: one allocation for many nodes instead of one
// per node (small-buffer allocation dominated a batch). Each encoding is an exact-length view:
// never transfer or reuse its `.buffer`.
const SLAB_SIZE = 64 * 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;
function allocate(size: number): Uint8Array {
  if (size > SLAB_SIZE / 8) return new Uint8Array(size);
  if (slabUsed + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, size);
  slabUsed += size;
  return out;
}

/** Bytes of a SCALE compact for a length below 2^30 (every length here is). */
function compactSize(n: number): number {
  return n < 1 << 6 ? 1 : n < 1 << 14 ? 2 : 4;
}

function writeCompactAt(out: Uint8Array, at: number, n: number): number {
  const size = compactSize(n);
  const v = ((n << 2) | (size >> 1)) >>> 0; // mode 0, 1 or 2 in the low bits
  for (let i = 0; i < size; i++) out[at + i] = (v >>> (8 * i)) & 0xff;
  return size;
}

function writeHash(out: Uint8Array, at: number, hash: HashKey): void {
  for (let j = 0; j < HASH_LENGTH; j++) out[at + j] = hash.charCodeAt(j);
}

/**
 * A child slot of a branch being encoded: a hash, the index of a child hash in `base` (the
 * encoding of the branch it replaces, copied as bytes), or nothing.
 */
export type ChildSlot = HashKey | number | undefined;

/** The encoding of a branch with these 16 child slots and value; returns the bitmap too. */
export function encodeBranch(
  slots: readonly ChildSlot[],
  base: Uint8Array | undefined,
  value: Uint8Array | undefined,
): { bitmap: number; encoded: Uint8Array } {
  let count = 0;
  for (let n = 0; n < 16; n++) if (slots[n] !== undefined) count++;
  const out = allocate(4 + count * HASH_LENGTH + (value === undefined ? 0 : compactSize(value.length) + value.length));
  out[0] = 3;
  let bitmap = 0;
  let at = BRANCH_CHILDREN_AT;
  for (let n = 0; n < 16; n++) {
    const slot = slots[n];
    if (slot === undefined) continue;
    bitmap |= 1 << n;
    if (typeof slot === 'string') writeHash(out, at, slot);
    else {
      const from = BRANCH_CHILDREN_AT + HASH_LENGTH * slot;
      const source = base as Uint8Array;
      for (let j = 0; j < HASH_LENGTH; j++) out[at + j] = source[from + j] as number;
    }
    at += HASH_LENGTH;
  }
  out[1] = bitmap & 0xff;
  out[2] = bitmap >> 8;
  out[at] = value === undefined ? 0 : 1;
  if (value !== undefined) out.set(value, at + 1 + writeCompactAt(out, at + 1, value.length));
  return { bitmap, encoded: out };
}

/** The SCALE encoding of a node (the node must be valid: lengths are checked on the way in). */
export function encodeNode(node: TrieNode): Uint8Array {
  if (node.kind === 'branch') return node.encoded;
  const path = node.path;
  const tail = node.kind === 'leaf' ? compactSize(node.value.length) + node.value.length : HASH_LENGTH;
  const out = allocate(1 + compactSize(path.length) + ((path.length + 1) >> 1) + tail);
  out[0] = node.kind === 'leaf' ? 1 : 2;
  let at = 1 + writeCompactAt(out, 1, path.length);
  for (let i = 0; i < path.length; i += 2)
    out[at++] = ((path[i] as number) << 4) | (i + 1 < path.length ? (path[i + 1] as number) : 0);
  if (node.kind === 'leaf') out.set(node.value, at + writeCompactAt(out, at, node.value.length));
  else writeHash(out, at, node.child);
  return out;
}

const malformed = (message: string) => new PhalanxError('CODEC', `TrieNode: ${message}`);

/** A cursor over one encoding; every read is bounds-checked. */
class Cursor {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  need(n: number, what: string): void {
    if (n > this.bytes.length - this.at) throw malformed(`truncated input: ${what} needs ${n} bytes at offset ${this.at}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.at++] as number;
  }
  view(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.at, n);
    this.at += n;
    return out;
  }
  /** A canonical compact length of at most `max` (a length this large never needs the big mode). */
  length(max: number, what: string): number {
    const first = this.u8(what);
    const mode = first & 3;
    let n: number;
    if (mode === 0) n = first >> 2;
    else if (mode === 1) {
      n = (first | (this.u8(what) << 8)) >> 2;
      if (n < 1 << 6) throw malformed(`${what}: non-canonical compact`);
    } else if (mode === 2) {
      n = (first | (this.u8(what) << 8) | (this.u8(what) << 16) | (this.u8(what) << 24)) >>> 2;
      if (n < 1 << 14) throw malformed(`${what}: non-canonical compact`);
    } else throw malformed(`${what}: length exceeds the limit of ${max}`);
    if (n > max) throw malformed(`${what}: length ${n} exceeds the limit of ${max}`);
    return n;
  }
  path(): Uint8Array {
    const n = this.length(MAX_NIBBLES, 'partial key');
    const size = (n + 1) >> 1;
    this.need(size, 'partial key');
    const bytes = this.bytes;
    const at = this.at;
    if ((n & 1) === 1 && ((bytes[at + size - 1] as number) & 0x0f) !== 0) {
      throw malformed('the padding nibble of an odd partial key must be 0');
    }
    const path = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const byte = bytes[at + (i >> 1)] as number;
      path[i] = (i & 1) === 0 ? byte >> 4 : byte & 0x0f;
    }
    this.at += size;
    return path;
  }
  value(): Uint8Array {
    return this.view(this.length(MAX_VALUE_LENGTH, 'value'), 'value');
  }
  hash(what: string): HashKey {
    this.need(HASH_LENGTH, what);
    this.at += HASH_LENGTH;
    return hashKeyAt(this.bytes, this.at - HASH_LENGTH);
  }
}

/**
 * Decodes one node strictly: malformed SCALE (truncated, trailing bytes, non-canonical compact,
 * oversize, bad tags) and non-canonical nodes throw PhalanxError 'CODEC'. The node keeps views of
 * `encoded` (a branch keeps `encoded` itself; values are views: copy before handing them out).
 * `hash` is memoised.
 */
export function decodeNode(encoded: Uint8Array, hash?: HashKey): TrieNode {
  if (!(encoded instanceof Uint8Array)) throw malformed('input must be a Uint8Array');
  const cursor = new Cursor(encoded);
  const tag = cursor.u8('variant');
  let node: TrieNode;
  if (tag === 1) {
    node = leaf(cursor.path(), cursor.value());
  } else if (tag === 2) {
    const path = cursor.path();
    if (path.length === 0) throw malformed('an extension must have a non-empty partial key');
    node = extension(path, cursor.hash('child hash'));
  } else if (tag === 3) {
    const bitmap = cursor.u8('bitmap') | (cursor.u8('bitmap') << 8);
    const entries = childRank(bitmap, 16);
    cursor.need(entries * HASH_LENGTH, 'child hashes');
    cursor.at += entries * HASH_LENGTH;
    const option = cursor.u8('value option');
    if (option > 1) throw malformed(`Option tag must be 0 or 1, got ${option}`);
    const value = option === 1 ? cursor.value() : undefined;
    if (entries + option < 2) throw malformed('a branch must hold at least two of {children, value}');
    node = branch(bitmap, encoded, value);
  } else if (tag === 0) {
    throw malformed('the empty node only exists as EMPTY_ROOT, never as a stored node');
  } else {
    throw malformed(`unknown variant index ${tag}`);
  }
  if (cursor.at !== encoded.length) throw malformed(`${encoded.length - cursor.at} trailing bytes after the node`);
  node.hash = hash;
  return node;
}
