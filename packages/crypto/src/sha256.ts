import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { assertBytes } from '@phalanx/errors';

/**
 * SHA-256 (FIPS 180-4) from noble's audited pure-JS implementation, so it runs the same in the
 * enclave and outside; CometBFT hashes headers, validator sets and addresses with it.
 */
export function sha256(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return nobleSha256(data);
}
