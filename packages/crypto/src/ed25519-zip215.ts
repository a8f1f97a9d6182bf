import { ed25519 } from '@noble/curves/ed25519.js';
import { assertBytes } from '@phalanx/errors';

/**
 * ed25519 verification under ZIP-215 (https://zips.z.cash/zip-0215), the rules CometBFT uses for
 * validator signatures (curve25519-voi with `VerifyOptionsZIP_215`): A and R may be non-canonical
 * encodings (y up to 2^255 - 1) and may have small order, S must be canonical (S < L), and the
 * cofactored equation [8][S]B = [8]R + [8][k]A decides. Any two verifiers following it agree on
 * every input, which consensus needs; node:crypto (OpenSSL) is stricter and would reject
 * signatures CometBFT counts. Malformed input is a failed verification, never an exception:
 * a feed from an untrusted host decides only true or false.
 */
export function verifyEd25519Zip215(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  assertBytes(signature, 'signature');
  assertBytes(message, 'message');
  assertBytes(publicKey, 'publicKey');
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: true });
  } catch {
    return false;
  }
}
