import { PhalanxError } from '@phalanx/errors';
import {
  BLOCK_LIMITS,
  extrinsicHash,
  type SignedExtrinsic,
  signedExtrinsicCodec,
  verifyEncodedExtrinsicSignature,
} from '@phalanx/primitives';
import { decode } from '@phalanx/scale';
import { RuntimeCall } from '../call.js';

export const Extrinsic = signedExtrinsicCodec(RuntimeCall);
export type Extrinsic = SignedExtrinsic<RuntimeCall>;

/** An extrinsic that decoded and whose signature verified for this chain. */
export interface CheckedExtrinsic {
  readonly bytes: Uint8Array;
  readonly hash: Uint8Array;
  /** The signer's account id (its public key). */
  readonly signer: Uint8Array;
  readonly extrinsic: Extrinsic;
}

/** Decodes without checking the signature (the node verifies signatures in parallel threads). */
export function decodeExtrinsic(bytes: Uint8Array): Extrinsic {
  if (!(bytes instanceof Uint8Array)) throw new PhalanxError('INVALID_INPUT', 'extrinsic must be bytes');
  if (bytes.length > BLOCK_LIMITS.maxExtrinsicBytes) {
    throw new PhalanxError('TX_TOO_LARGE', `extrinsic of ${bytes.length} bytes exceeds ${BLOCK_LIMITS.maxExtrinsicBytes}`);
  }
  try {
    return decode(Extrinsic, bytes);
  } catch (cause) {
    const message = cause instanceof PhalanxError ? cause.message : 'malformed extrinsic';
    throw new PhalanxError('TX_INVALID_CALL', `extrinsic does not decode: ${message}`, { cause });
  }
}

/** Decodes and verifies the signature only (what signature-check threads do). */
export function verifyExtrinsicBytes(bytes: Uint8Array, genesisHash: Uint8Array): void {
  verifyEncodedExtrinsicSignature(bytes, decodeExtrinsic(bytes), genesisHash);
}

/** Stateless checks: size, decoding, signature (which also binds the genesis hash). */
export function checkExtrinsic(bytes: Uint8Array, genesisHash: Uint8Array, signatureVerified = false): CheckedExtrinsic {
  const extrinsic = decodeExtrinsic(bytes);
  if (!signatureVerified) verifyEncodedExtrinsicSignature(bytes, extrinsic, genesisHash);
  return { bytes, hash: extrinsicHash(bytes), signer: extrinsic.signer.value, extrinsic };
}
