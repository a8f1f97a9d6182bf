import { assertBytes, PhalanxError } from '@phalanx/errors';
import {
  sr25519Agree,
  sr25519DeriveKeypairHard,
  sr25519DeriveKeypairSoft,
  sr25519KeypairFromSeed,
  sr25519Sign,
  sr25519Verify,
} from '@polkadot/wasm-crypto';
import { assertCryptoReady } from './ready.js';

/**
 * sr25519 (schnorrkel) through @polkadot/wasm-crypto, the fast audited path. The 64-byte secret
 * is schnorrkel's "ed25519-expanded" form (scalar·8 ‖ nonce), as @polkadot/util-crypto stores it.
 */
export const SR25519_SECRET_LENGTH = 64;
export const SR25519_PUBLIC_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

export interface Sr25519Pair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

function split(pair: Uint8Array): Sr25519Pair {
  return { secretKey: pair.slice(0, 64), publicKey: pair.slice(64, 96) };
}

export function sr25519PairFromSeed(seed: Uint8Array): Sr25519Pair {
  assertBytes(seed, 'seed', 32);
  assertCryptoReady();
  return split(sr25519KeypairFromSeed(seed));
}

export function sr25519DeriveHard(pair: Sr25519Pair, chainCode: Uint8Array): Sr25519Pair {
  assertBytes(chainCode, 'chainCode', 32);
  assertCryptoReady();
  const joined = new Uint8Array(96);
  joined.set(pair.secretKey, 0);
  joined.set(pair.publicKey, 64);
  return split(sr25519DeriveKeypairHard(joined, chainCode));
}

export function sr25519DeriveSoft(pair: Sr25519Pair, chainCode: Uint8Array): Sr25519Pair {
  assertBytes(chainCode, 'chainCode', 32);
  assertCryptoReady();
  const joined = new Uint8Array(96);
  joined.set(pair.secretKey, 0);
  joined.set(pair.publicKey, 64);
  return split(sr25519DeriveKeypairSoft(joined, chainCode));
}

export function sr25519SignRaw(pair: Sr25519Pair, message: Uint8Array): Uint8Array {
  assertBytes(message, 'message');
  assertCryptoReady();
  return sr25519Sign(pair.publicKey, pair.secretKey, message);
}

export function sr25519VerifyRaw(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  assertBytes(signature, 'signature', SIGNATURE_LENGTH);
  assertBytes(message, 'message');
  assertBytes(publicKey, 'publicKey', SR25519_PUBLIC_LENGTH);
  assertCryptoReady();
  return sr25519Verify(signature, message, publicKey);
}

/** Raw sr25519 agreement (ristretto255 DH), byte-identical to `sr25519Agreement` of util-crypto. */
export function sr25519AgreeRaw(secretKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  assertBytes(secretKey, 'secretKey', SR25519_SECRET_LENGTH);
  assertBytes(peerPublicKey, 'peerPublicKey', SR25519_PUBLIC_LENGTH);
  assertCryptoReady();
  try {
    return sr25519Agree(peerPublicKey, secretKey);
  } catch (cause) {
    throw new PhalanxError('INVALID_KEY', 'peerPublicKey is not a valid sr25519 public key', { cause });
  }
}
