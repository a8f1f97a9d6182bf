import { assertBytes, PhalanxError } from '@phalanx/errors';
import { encode, tuple, u64 } from '@phalanx/scale';
import { IV_LENGTH } from './aead.js';
import { blake2_256Keyed } from './hash.js';
import { randomBytes } from './random.js';

const positionCodec = tuple(u64, u64);

export function randomIv(): Uint8Array {
  return randomBytes(IV_LENGTH);
}

/**
 * The derived IV of DESIGN §4, for replicas that must emit identical bytes (gatekeepers, state
 * commits): keyed BLAKE2b-256(ivKey, SCALE(height, seq))[..12]. A position (height, seq) must
 * never be used for two different plaintexts under one key — callers own that invariant.
 */
export function deriveIv(ivKey: Uint8Array, height: bigint | number, sequence: bigint | number): Uint8Array {
  assertBytes(ivKey, 'ivKey', 32);
  const h = BigInt(height);
  const s = BigInt(sequence);
  if (h < 0n || s < 0n) throw new PhalanxError('INVALID_INPUT', 'height and sequence must be non-negative');
  return blake2_256Keyed(ivKey, encode(positionCodec, [h, s])).slice(0, IV_LENGTH);
}
