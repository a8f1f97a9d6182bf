// What @phalanx/crypto takes from node:crypto, for the browser bundle only (Vite aliases
// `node:crypto` here; Node.js keeps OpenSSL). The same audited primitives the rest of the stack
// already uses: @noble/ciphers (AES-256-GCM), @noble/hashes (HKDF-SHA256), @noble/curves
// (ed25519) and the browser's CSPRNG. The streaming cipher API is emulated by buffering: the
// package seals whole messages, never streams.

import { gcm } from '@noble/ciphers/aes.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { PhalanxError } from '@phalanx/errors';

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

class GcmStream {
  private readonly parts: Uint8Array[] = [];
  private ad: Uint8Array = new Uint8Array(0);
  private tag: Uint8Array | undefined;
  constructor(
    private readonly key: Uint8Array,
    private readonly iv: Uint8Array,
    private readonly decrypting: boolean,
  ) {}
  setAAD(ad: Uint8Array): this {
    this.ad = ad;
    return this;
  }
  setAuthTag(tag: Uint8Array): this {
    this.tag = tag;
    return this;
  }
  getAuthTag(): Uint8Array {
    if (this.tag === undefined) throw new PhalanxError('INTERNAL', 'no tag before final()');
    return this.tag;
  }
  update(data: Uint8Array): Uint8Array {
    this.parts.push(data);
    return new Uint8Array(0);
  }
  final(): Uint8Array {
    const cipher = gcm(this.key, this.iv, this.ad);
    const input = concat(this.parts);
    if (this.decrypting) return cipher.decrypt(concat([input, this.tag ?? new Uint8Array(0)]));
    const sealed = cipher.encrypt(input);
    this.tag = sealed.slice(sealed.length - 16);
    return sealed.slice(0, sealed.length - 16);
  }
}

export const createCipheriv = (_algorithm: string, key: Uint8Array, iv: Uint8Array) => new GcmStream(key, iv, false);
export const createDecipheriv = (_algorithm: string, key: Uint8Array, iv: Uint8Array) => new GcmStream(key, iv, true);

export function hkdfSync(_digest: string, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): ArrayBuffer {
  return hkdf(sha256, ikm, salt, info, length).slice().buffer as ArrayBuffer;
}

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65536 bytes per call.
  for (let at = 0; at < length; at += 65_536) globalThis.crypto.getRandomValues(out.subarray(at, Math.min(length, at + 65_536)));
  return out;
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new PhalanxError('INVALID_INPUT', 'Input buffers must have the same byte length');
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** ed25519 keys as node:crypto's DER forms (PKCS#8 seed, SPKI public key): the last 32 bytes. */
interface KeyLike {
  readonly seed?: Uint8Array;
  readonly publicKey: Uint8Array;
  export(): Uint8Array;
}
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const keyOf = (seed: Uint8Array | undefined, publicKey: Uint8Array): KeyLike => ({
  ...(seed === undefined ? {} : { seed }),
  publicKey,
  export: () => concat([SPKI_PREFIX, publicKey]),
});

export function createPrivateKey(options: { key: Uint8Array }): KeyLike {
  const seed = options.key.slice(options.key.length - 32);
  return keyOf(seed, ed25519.getPublicKey(seed));
}

export function createPublicKey(from: KeyLike | { key: Uint8Array }): KeyLike {
  if ('publicKey' in from) return keyOf(undefined, from.publicKey);
  const publicKey = from.key.slice(from.key.length - 32);
  ed25519.Point.fromBytes(publicKey); // throws for a point not on the curve, as OpenSSL does
  return keyOf(undefined, publicKey);
}

export function sign(_algorithm: null, message: Uint8Array, key: KeyLike): Uint8Array {
  if (key.seed === undefined) throw new PhalanxError('INVALID_KEY', 'signing needs a private key');
  return ed25519.sign(message, key.seed);
}

export function verify(_algorithm: null, message: Uint8Array, key: KeyLike, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, key.publicKey);
  } catch {
    return false;
  }
}

export type KeyObject = KeyLike;
export type GcmCipher = GcmStream;
export default {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
};
