import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { assertBytes, PhalanxError } from '@phalanx/errors';

/** ed25519 through node:crypto (OpenSSL): the fastest audited implementation available here. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519PrivateKeyObject(seed: Uint8Array): KeyObject {
  assertBytes(seed, 'seed', 32);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function ed25519PublicFromPrivate(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

/**
 * Parsing a public key into a KeyObject costs about as much as a verify, so recently used keys
 * are cached (a chain sees the same signers again and again). Bounded, oldest evicted first.
 */
const PUBLIC_KEY_CACHE_SIZE = 8192;
const publicKeyCache = new Map<string, KeyObject>();

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('latin1');
  let key = publicKeyCache.get(id);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    } catch (cause) {
      throw new PhalanxError('INVALID_KEY', 'publicKey is not a valid ed25519 public key', { cause });
    }
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_SIZE) {
      const oldest = publicKeyCache.keys().next().value;
      if (oldest !== undefined) publicKeyCache.delete(oldest);
    }
    publicKeyCache.set(id, key);
  }
  return key;
}

export function ed25519SignRaw(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  assertBytes(message, 'message');
  return new Uint8Array(sign(null, message, privateKey));
}

export function ed25519VerifyRaw(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  assertBytes(signature, 'signature', 64);
  assertBytes(message, 'message');
  assertBytes(publicKey, 'publicKey', 32);
  let key: KeyObject;
  try {
    key = publicKeyObject(publicKey);
  } catch {
    return false; // not a point on the curve: no signature can verify under it
  }
  return verify(null, message, key, signature);
}
