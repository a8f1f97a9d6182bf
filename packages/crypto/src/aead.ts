import { createCipheriv, createDecipheriv } from 'node:crypto';
import { assertBytes, PhalanxError } from '@phalanx/errors';

export const AES_KEY_LENGTH = 32;
export const IV_LENGTH = 12;
export const TAG_LENGTH = 16;
/** Plaintexts above this are refused: envelopes are for messages, not bulk data. */
export const MAX_AEAD_PLAINTEXT = 16 * 1024 * 1024;

const EMPTY = new Uint8Array(0);

/** AES-256-GCM: returns `ciphertext ‖ tag` (16-byte tag). */
export function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, ad: Uint8Array = EMPTY): Uint8Array {
  assertBytes(key, 'key', AES_KEY_LENGTH);
  assertBytes(iv, 'iv', IV_LENGTH);
  assertBytes(plaintext, 'plaintext');
  assertBytes(ad, 'associatedData');
  if (plaintext.length > MAX_AEAD_PLAINTEXT) {
    throw new PhalanxError('INVALID_INPUT', `plaintext of ${plaintext.length} bytes exceeds ${MAX_AEAD_PLAINTEXT}`);
  }
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(ad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const out = new Uint8Array(head.length + tail.length + TAG_LENGTH);
  out.set(head, 0);
  out.set(tail, head.length);
  out.set(cipher.getAuthTag(), head.length + tail.length);
  return out;
}

/** Opens `ciphertext ‖ tag`; any alteration fails with DECRYPTION_FAILED and returns nothing. */
export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, ad: Uint8Array = EMPTY): Uint8Array {
  assertBytes(key, 'key', AES_KEY_LENGTH);
  assertBytes(iv, 'iv', IV_LENGTH);
  assertBytes(sealed, 'ciphertext');
  assertBytes(ad, 'associatedData');
  if (sealed.length < TAG_LENGTH) {
    throw new PhalanxError('DECRYPTION_FAILED', 'ciphertext is shorter than the 16-byte authentication tag');
  }
  if (sealed.length > MAX_AEAD_PLAINTEXT + TAG_LENGTH) {
    throw new PhalanxError('DECRYPTION_FAILED', `ciphertext of ${sealed.length} bytes exceeds the limit`);
  }
  const body = sealed.subarray(0, sealed.length - TAG_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(ad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
  const head = decipher.update(body);
  try {
    const tail = decipher.final();
    return tail.length === 0 ? new Uint8Array(head) : new Uint8Array(Buffer.concat([head, tail]));
  } catch {
    head.fill(0); // never hand out unauthenticated plaintext
    throw new PhalanxError(
      'DECRYPTION_FAILED',
      'authentication failed: wrong key, or the IV, ciphertext, tag or associated data was altered',
    );
  }
}
