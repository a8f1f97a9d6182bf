import { ed25519 } from '@noble/curves/ed25519.js';

/**
 * Whether `bytes` is an ed25519 public key a validator may hold: 32 bytes that decode (strictly,
 * canonical encoding only: RFC 8032, not ZIP-215) to a curve point of prime order. Small-order
 * points are refused because signatures under them can be forged without a secret key; points
 * with a torsion component are refused because honest key generation never yields one and
 * verifiers disagree about them (cofactored or not). Never throws.
 */
export function isEd25519PublicKey(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) return false;
  try {
    const point = ed25519.Point.fromBytes(bytes, false);
    return !point.isSmallOrder() && point.isTorsionFree();
  } catch {
    return false; // not the encoding of a curve point
  }
}
