import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

/** The hash functions of the host API (sp_io::hashing), from @noble/hashes. */
export const HASHES = {
  sha2_256: (data: Uint8Array) => sha256(data),
  keccak_256: (data: Uint8Array) => keccak_256(data),
  blake2_256: (data: Uint8Array) => blake2b(data, { dkLen: 32 }),
  blake2_128: (data: Uint8Array) => blake2b(data, { dkLen: 16 }),
} as const;

/**
 * sp_io's `secp256k1_ecdsa_recover_compressed`: a 65-byte signature r ‖ s ‖ v (v = 0..3, or 27..30
 * as Ethereum writes it) over a 32-byte message hash → the 33-byte compressed public key, or
 * undefined when nothing can be recovered.
 */
export function ecdsaRecover(signature: Uint8Array, messageHash: Uint8Array): Uint8Array | undefined {
  const v = (signature[64] as number) > 26 ? (signature[64] as number) - 27 : (signature[64] as number);
  if (v > 3) return undefined;
  const recovered = new Uint8Array(65);
  recovered[0] = v; // @noble's "recovered" layout: v ‖ r ‖ s
  recovered.set(signature.subarray(0, 64), 1);
  try {
    return secp256k1.recoverPublicKey(recovered, messageHash, { prehash: false });
  } catch {
    return undefined;
  }
}

/** The Ethereum address of a compressed secp256k1 key: keccak_256 of the uncompressed point's x ‖ y, last 20 bytes. */
export function ecdsaToEthAddress(compressed: Uint8Array): Uint8Array | undefined {
  try {
    const point = secp256k1.Point.fromBytes(compressed).toBytes(false);
    return keccak_256(point.subarray(1)).subarray(12);
  } catch {
    return undefined;
  }
}
