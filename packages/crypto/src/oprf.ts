import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { assertBytes, assertMaxLength, PhalanxError } from '@phalanx/errors';
import { bigintToLittleEndian32, sr25519SecretScalar } from './ristretto.js';

/**
 * noble ships the RFC 9497 non-interactive `Evaluate` on the base mode but its typings omit it;
 * the RFC test vectors in the tests pin its behaviour.
 */
const oprf = ristretto255_oprf.oprf as typeof ristretto255_oprf.oprf & {
  evaluate(secretKey: Uint8Array, input: Uint8Array): Uint8Array;
};

/** Bytes of input the OPRF accepts (RFC 9497 limits inputs to 2^16 - 1 bytes). */
export const MAX_OPRF_INPUT = 4096;

/**
 * RFC 9497 OPRF (ristretto255-SHA512, mode 0) keyed by an sr25519 secret's scalar:
 * `Finalize(input, s·HashToGroup(input))`. This is the threshold-ready form of DESIGN §3: when the
 * MasterKey is later split into Shamir shares, `t` gatekeepers' partial evaluations combine by
 * Lagrange interpolation into the same element, hence the same 64-byte output.
 */
export function oprfEvaluate(sr25519SecretKey: Uint8Array, input: Uint8Array): Uint8Array {
  assertBytes(sr25519SecretKey, 'secretKey', 64);
  assertBytes(input, 'input');
  assertMaxLength(input, 'input', MAX_OPRF_INPUT);
  const scalar = bigintToLittleEndian32(sr25519SecretScalar(sr25519SecretKey));
  try {
    return oprf.evaluate(scalar, input);
  } catch (cause) {
    throw new PhalanxError('DERIVATION_FAILED', 'OPRF evaluation failed for this input', { cause });
  } finally {
    scalar.fill(0);
  }
}

/** Plain RFC 9497 evaluation with a raw 32-byte little-endian scalar (used for the RFC's test vectors). */
export function oprfEvaluateWithScalar(scalar: Uint8Array, input: Uint8Array): Uint8Array {
  assertBytes(scalar, 'scalar', 32);
  assertBytes(input, 'input');
  assertMaxLength(input, 'input', MAX_OPRF_INPUT);
  try {
    return oprf.evaluate(scalar, input);
  } catch (cause) {
    throw new PhalanxError('DERIVATION_FAILED', 'OPRF evaluation failed for this input', { cause });
  }
}
