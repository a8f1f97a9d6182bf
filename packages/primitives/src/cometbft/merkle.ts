import { concatBytes, sha256 } from '@phalanx/crypto';

/*
 * CometBFT's simple Merkle tree (crypto/merkle/tree.go HashFromByteSlices, hash.go), RFC 6962
 * §2.1: leaf = sha256(0x00 ‖ item), inner = sha256(0x01 ‖ left ‖ right), the items split at the
 * largest power of two below their count, and an empty list hashes to sha256("").
 */

const LEAF = new Uint8Array([0]);
const INNER = new Uint8Array([1]);

export function merkleRoot(items: readonly Uint8Array[]): Uint8Array {
  return rootOf(items, 0, items.length);
}

function rootOf(items: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const count = end - start;
  if (count === 0) return sha256(new Uint8Array());
  if (count === 1) return sha256(concatBytes(LEAF, items[start] as Uint8Array));
  const split = splitPoint(count);
  return sha256(concatBytes(INNER, rootOf(items, start, start + split), rootOf(items, start + split, end)));
}

/** getSplitPoint: the largest power of two strictly less than `count` (count ≥ 2). */
function splitPoint(count: number): number {
  let k = 1;
  while (k * 2 < count) k *= 2;
  return k;
}
