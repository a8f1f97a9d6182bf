import { ristretto255 } from '@noble/curves/ed25519.js';
import { assertBytes, PhalanxError } from '@phalanx/errors';

/** The ristretto255 group order ℓ. */
const ORDER = ristretto255.Point.Fn.ORDER;

function littleEndianToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  return value;
}

export function bigintToLittleEndian32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let rest = value;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/**
 * The ristretto255 scalar `s` of an sr25519 secret. Schnorrkel stores `s·8` in the first 32 bytes
 * ("ed25519-expanded" form), so `s` is that integer divided by the cofactor; then `s·G` is the
 * public key and `s·P` is `sr25519Agreement` (checked by the tests). Used to key the OPRF.
 */
export function sr25519SecretScalar(secretKey: Uint8Array): bigint {
  assertBytes(secretKey, 'secretKey', 64);
  const scaled = littleEndianToBigint(secretKey.subarray(0, 32));
  if (scaled % 8n !== 0n) {
    throw new PhalanxError('INVALID_KEY', 'sr25519 secret is not in expanded form (scalar not a multiple of 8)');
  }
  const scalar = (scaled / 8n) % ORDER;
  if (scalar === 0n) throw new PhalanxError('INVALID_KEY', 'sr25519 secret scalar is zero');
  return scalar;
}

export function sr25519PublicFromSecret(secretKey: Uint8Array): Uint8Array {
  return ristretto255.Point.BASE.multiply(sr25519SecretScalar(secretKey)).toBytes();
}
