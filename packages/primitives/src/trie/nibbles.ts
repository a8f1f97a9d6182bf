/**
 * Nibble (4-bit) helpers for the state trie. A key of n bytes is a path of 2n nibbles, high nibble
 * first, so the ascending nibble order of paths is the ascending byte order of keys.
 * Nibble paths are `Uint8Array`s holding one nibble (0..15) per element.
 */
import { PhalanxError } from '@phalanx/errors';

/** The nibble at index `i` of a byte key (i < 2 * key.length). */
export function nibbleAt(key: Uint8Array, i: number): number {
  const byte = key[i >> 1] as number;
  return (i & 1) === 0 ? byte >> 4 : byte & 0x0f;
}

export function toNibbles(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const byte = key[i] as number;
    out[2 * i] = byte >> 4;
    out[2 * i + 1] = byte & 0x0f;
  }
  return out;
}

/** The bytes of the first `length` nibbles of `nibbles` (`length` must be even). */
export function fromNibbles(nibbles: ArrayLike<number>, length: number): Uint8Array {
  const out = new Uint8Array(length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = ((nibbles[2 * i] as number) << 4) | (nibbles[2 * i + 1] as number);
  return out;
}

export function concatNibbles(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Length of the common prefix of `a[aStart..]` and `b[bStart..]`. */
export function commonPrefix(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number): number {
  const max = Math.min(a.length - aStart, b.length - bStart);
  let i = 0;
  while (i < max && a[aStart + i] === b[bStart + i]) i++;
  return i;
}

/** Whether the byte key's nibbles from index `from` are exactly `path`. */
export function keyEndsWith(key: Uint8Array, from: number, path: Uint8Array): boolean {
  if (key.length * 2 - from !== path.length) return false;
  for (let i = 0; i < path.length; i++) if (nibbleAt(key, from + i) !== path[i]) return false;
  return true;
}

/** Whether the byte key's nibbles from index `from` start with `path`. */
export function keyHasAt(key: Uint8Array, from: number, path: Uint8Array): boolean {
  if (key.length * 2 - from < path.length) return false;
  for (let i = 0; i < path.length; i++) if (nibbleAt(key, from + i) !== path[i]) return false;
  return true;
}

/** Lexicographic byte order (a shorter key before every key it prefixes). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A hash (or key) as a string of one char (0..255) per byte: a cheap Map key, smaller in memory
 * than a Uint8Array, and its string order is the byte order.
 */
export type HashKey = string;

export function hashKey(bytes: Uint8Array): HashKey {
  return bytes.length === 32 ? hashKeyAt(bytes, 0) : String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** The HashKey of the 32 bytes of `bytes` at `at` (the hot case: no view, no argument-list copy). */
export function hashKeyAt(bytes: Uint8Array, at: number): HashKey {
  if (at < 0 || at + 32 > bytes.length) throw new PhalanxError('INTERNAL', 'hashKeyAt: out of bounds');
  const b = bytes as unknown as number[];
  // biome-ignore format: one line per 8 bytes
  return String.fromCharCode(
    b[at] as number, b[at + 1] as number, b[at + 2] as number, b[at + 3] as number, b[at + 4] as number, b[at + 5] as number, b[at + 6] as number, b[at + 7] as number,
    b[at + 8] as number, b[at + 9] as number, b[at + 10] as number, b[at + 11] as number, b[at + 12] as number, b[at + 13] as number, b[at + 14] as number, b[at + 15] as number,
    b[at + 16] as number, b[at + 17] as number, b[at + 18] as number, b[at + 19] as number, b[at + 20] as number, b[at + 21] as number, b[at + 22] as number, b[at + 23] as number,
    b[at + 24] as number, b[at + 25] as number, b[at + 26] as number, b[at + 27] as number, b[at + 28] as number, b[at + 29] as number, b[at + 30] as number, b[at + 31] as number,
  );
}

export function keyBytes(key: HashKey): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) out[i] = key.charCodeAt(i);
  return out;
}
