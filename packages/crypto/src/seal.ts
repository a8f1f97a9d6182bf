import { assertString, isPhalanxError, PhalanxError } from '@phalanx/errors';
import { bytes, decode, encode, fixedBytes, str, struct, tuple, u8 } from '@phalanx/scale';
import { aesGcmDecrypt, aesGcmEncrypt, IV_LENGTH, MAX_AEAD_PLAINTEXT, TAG_LENGTH } from './aead.js';
import { derive } from './derive.js';
import { DOMAIN, LABEL } from './domains.js';
import { randomIv } from './iv.js';

/** Current sealing format version; older versions stay readable when a new one comes. */
export const SEAL_VERSION = 1;
const MAX_PURPOSE_BYTES = 64;

/**
 * A sealed blob: `SCALE{ version: u8, purpose: str, iv: [u8;12], ciphertext }`, AES-256-GCM under
 * derive(sealingKey, "seal", purpose) with AD = SCALE("phalanx/seal/v1", version, purpose). The TEE
 * supplies `sealingKey` (bound to machine and measurement), so a blob from another machine,
 * another measurement or another purpose, or an altered one, cannot be opened.
 */
const sealedCodec = struct('SealedBlob', {
  version: u8,
  purpose: str(MAX_PURPOSE_BYTES),
  iv: fixedBytes(IV_LENGTH),
  ciphertext: bytes(MAX_AEAD_PLAINTEXT + TAG_LENGTH),
});
const adCodec = tuple(str(64), u8, str(MAX_PURPOSE_BYTES));

function sealKey(sealingKey: Uint8Array, purpose: string): Uint8Array {
  return derive(sealingKey, LABEL.sealKey, purpose);
}

export function seal(sealingKey: Uint8Array, purpose: string, plaintext: Uint8Array, iv: Uint8Array = randomIv()): Uint8Array {
  assertString(purpose, 'purpose', MAX_PURPOSE_BYTES);
  const key = sealKey(sealingKey, purpose);
  try {
    const ad = encode(adCodec, [DOMAIN.seal, SEAL_VERSION, purpose]);
    const ciphertext = aesGcmEncrypt(key, iv, plaintext, ad);
    return encode(sealedCodec, { version: SEAL_VERSION, purpose, iv, ciphertext });
  } finally {
    key.fill(0);
  }
}

export function unseal(sealingKey: Uint8Array, purpose: string, blob: Uint8Array): Uint8Array {
  assertString(purpose, 'purpose', MAX_PURPOSE_BYTES);
  let parsed: ReturnType<typeof sealedCodec.decodeFrom>;
  try {
    parsed = decode(sealedCodec, blob);
  } catch (cause) {
    throw new PhalanxError('SEAL_INVALID', 'sealed data is malformed (truncated or not a Phalanx sealed blob)', { cause });
  }
  if (parsed.version !== SEAL_VERSION) {
    throw new PhalanxError('SEAL_INVALID', `sealed data has version ${parsed.version}; this build reads version ${SEAL_VERSION}`);
  }
  if (parsed.purpose !== purpose) {
    throw new PhalanxError('SEAL_INVALID', `sealed data is for "${parsed.purpose}", not "${purpose}"`);
  }
  const key = sealKey(sealingKey, purpose);
  try {
    const ad = encode(adCodec, [DOMAIN.seal, parsed.version, parsed.purpose]);
    return aesGcmDecrypt(key, parsed.iv, parsed.ciphertext, ad);
  } catch (cause) {
    if (!isPhalanxError(cause, 'DECRYPTION_FAILED')) throw cause;
    throw new PhalanxError(
      'SEAL_INVALID',
      'sealed data cannot be opened: it was sealed on another machine or by another enclave build, or it was modified',
    );
  } finally {
    key.fill(0);
  }
}
