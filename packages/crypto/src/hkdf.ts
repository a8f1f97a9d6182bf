import { hkdfSync } from 'node:crypto';
import { assertBytes, assertInteger } from '@phalanx/errors';

/** HKDF-SHA256 (RFC 5869) from node:crypto (OpenSSL). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  assertBytes(ikm, 'ikm');
  assertBytes(salt, 'salt');
  assertBytes(info, 'info');
  assertInteger(length, 'length', 1, 255 * 32);
  assertInteger(info.length, 'info.length', 0, 1024);
  return new Uint8Array(hkdfSync('sha256', ikm, salt, info, length));
}
