import { blake2b as nobleBlake2b } from '@noble/hashes/blake2.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { assertBytes, assertInteger } from '@phalanx/errors';
import { blake2b as wasmBlake2b, isReady as wasmIsReady } from '@polkadot/wasm-crypto';

const EMPTY = new Uint8Array(0);

/**
 * BLAKE2b with an output of `outLength` bytes (1..64) and an optional key (0..64 bytes), as
 * Substrate's `blake2_256`/`blake2_128` and `@polkadot/util-crypto`'s `blake2AsU8a`.
 */
export function blake2b(data: Uint8Array, outLength: number, key: Uint8Array = EMPTY): Uint8Array {
  assertBytes(data, 'data');
  assertBytes(key, 'key');
  assertInteger(outLength, 'outLength', 1, 64);
  assertInteger(key.length, 'key.length', 0, 64);
  // WebAssembly once `cryptoReady()` ran (fastest); before that (e.g. storage prefixes computed at
  // module load) noble's audited pure-JS BLAKE2b, which gives the same bytes.
  if (wasmIsReady()) return wasmBlake2b(data, key, outLength);
  return nobleBlake2b(data, key.length === 0 ? { dkLen: outLength } : { dkLen: outLength, key });
}

export function blake2_256(data: Uint8Array): Uint8Array {
  return blake2b(data, 32);
}

export function blake2_128(data: Uint8Array): Uint8Array {
  return blake2b(data, 16);
}

/** Keyed BLAKE2b-256: a PRF/MAC under `key` (used for hidden storage names and derived IVs). */
export function blake2_256Keyed(key: Uint8Array, data: Uint8Array): Uint8Array {
  return blake2b(data, 32, key);
}

/** SHA-256 (CometBFT derives a validator's address from it: the first 20 bytes of sha256(pubkey)). */
export function sha256(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return nobleSha256(data);
}
