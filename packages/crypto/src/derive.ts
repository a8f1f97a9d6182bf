import { assertBytes, assertInteger, PhalanxError } from '@phalanx/errors';
import { bytes, encode, vec } from '@phalanx/scale';
import { utf8 } from './bytes.js';
import { DOMAIN } from './domains.js';
import { hkdfSha256 } from './hkdf.js';

export type Label = string | Uint8Array;

const labelsCodec = vec(bytes(256), 16);
const deriveSalt = utf8(DOMAIN.deriveSalt);

/** SCALE `Vec<Vec<u8>>` of the labels: unambiguous, so ("ab","c") and ("a","bc") differ. */
export function encodeLabels(labels: readonly Label[]): Uint8Array {
  return encode(
    labelsCodec,
    labels.map((label) => (typeof label === 'string' ? utf8(label) : label)),
  );
}

/**
 * One-way, domain-separated derivation below a contract key (DESIGN §3):
 * HKDF-SHA256(ikm = parent, salt = "phalanx/derive/v1", info = SCALE(labels)) → 32 bytes.
 */
export function derive(parent: Uint8Array, ...labels: Label[]): Uint8Array {
  assertBytes(parent, 'parent');
  if (parent.length < 32) {
    throw new PhalanxError('INVALID_KEY', `parent secret must be at least 32 bytes, got ${parent.length}`);
  }
  assertInteger(labels.length, 'labels.length', 1, 16);
  return hkdfSha256(parent, deriveSalt, encodeLabels(labels), 32);
}
