import { blake2_256 } from '@phalanx/crypto';

/** Write positions from 2^63 up are writes another contract's call made, at block `position − 2^63`. */
export const EXTERNAL = 1n << 63n;

/**
 * The write position of a cross-contract call's writes to a callee at `block`: apart from the
 * callee's own command positions, so a commit covers them by its block (every write of a block is
 * in the commit made at its end), as a worker rebuilt from that commit holds them.
 */
export const externalPosition = (block: number): bigint => EXTERNAL + BigInt(block);

/** 64 bits of the value's BLAKE2b: equal IVs only for equal (entry, position, value), whose ciphertext is equal anyway. */
export function valueTag(plain: Uint8Array): bigint {
  const hash = blake2_256(plain);
  return new DataView(hash.buffer, hash.byteOffset, hash.length).getBigUint64(0, true);
}
