import type { KeyObject } from 'node:crypto';
import { assertBytes, PhalanxError } from '@phalanx/errors';
import { ed25519PrivateKeyObject, ed25519PublicFromPrivate, ed25519SignRaw, ed25519VerifyRaw } from './ed25519.js';
import { randomBytes } from './random.js';
import { sr25519PublicFromSecret } from './ristretto.js';
import { type Sr25519Pair, sr25519AgreeRaw, sr25519PairFromSeed, sr25519SignRaw, sr25519VerifyRaw } from './sr25519.js';

export const SCHEMES = ['sr25519', 'ed25519'] as const;
export type Scheme = (typeof SCHEMES)[number];

export function isScheme(value: unknown): value is Scheme {
  return value === 'sr25519' || value === 'ed25519';
}

export function assertScheme(value: unknown, name = 'scheme'): asserts value is Scheme {
  if (!isScheme(value)) {
    throw new PhalanxError('INVALID_INPUT', `${name} must be "sr25519" or "ed25519"`, { details: { parameter: name } });
  }
}

/** A signing key pair. The secret lives in a private field: it never shows in logs, JSON or inspect. */
export interface Keypair {
  readonly scheme: Scheme;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
  /** The secret, for sealing inside an enclave only. sr25519: 96 bytes (secret ‖ public); ed25519: the 32-byte seed. */
  exportSecret(): Uint8Array;
}

export class Sr25519Keypair implements Keypair {
  readonly scheme = 'sr25519' as const;
  readonly publicKey: Uint8Array;
  readonly #pair: Sr25519Pair;

  constructor(pair: Sr25519Pair) {
    this.#pair = { publicKey: pair.publicKey.slice(), secretKey: pair.secretKey.slice() };
    this.publicKey = pair.publicKey.slice();
  }

  static fromSeed(seed: Uint8Array): Sr25519Keypair {
    return new Sr25519Keypair(sr25519PairFromSeed(seed));
  }

  /** Restores from `exportSecret()`; the public half must match the secret. */
  static fromSecret(secret: Uint8Array): Sr25519Keypair {
    assertBytes(secret, 'secret', 96);
    const secretKey = secret.slice(0, 64);
    const publicKey = secret.slice(64);
    const derived = sr25519PublicFromSecret(secretKey);
    if (!Buffer.from(derived).equals(Buffer.from(publicKey))) {
      throw new PhalanxError('INVALID_KEY', 'sr25519 secret does not match its public key');
    }
    return new Sr25519Keypair({ secretKey, publicKey });
  }

  sign(message: Uint8Array): Uint8Array {
    return sr25519SignRaw(this.#pair, message);
  }

  /** Raw sr25519 agreement with a peer's public key (use `commKey` for an AEAD key). */
  agree(peerPublicKey: Uint8Array): Uint8Array {
    return sr25519AgreeRaw(this.#pair.secretKey, peerPublicKey);
  }

  /** The pair, for derivation code in this package. */
  get pair(): Sr25519Pair {
    return { publicKey: this.#pair.publicKey.slice(), secretKey: this.#pair.secretKey.slice() };
  }

  exportSecret(): Uint8Array {
    const out = new Uint8Array(96);
    out.set(this.#pair.secretKey, 0);
    out.set(this.#pair.publicKey, 64);
    return out;
  }

  toJSON(): { scheme: 'sr25519'; publicKey: string } {
    return { scheme: this.scheme, publicKey: Buffer.from(this.publicKey).toString('hex') };
  }
}

export class Ed25519Keypair implements Keypair {
  readonly scheme = 'ed25519' as const;
  readonly publicKey: Uint8Array;
  readonly #seed: Uint8Array;
  readonly #key: KeyObject;

  constructor(seed: Uint8Array) {
    assertBytes(seed, 'seed', 32);
    this.#seed = seed.slice();
    this.#key = ed25519PrivateKeyObject(seed);
    this.publicKey = ed25519PublicFromPrivate(this.#key);
  }

  static fromSeed(seed: Uint8Array): Ed25519Keypair {
    return new Ed25519Keypair(seed);
  }

  sign(message: Uint8Array): Uint8Array {
    return ed25519SignRaw(this.#key, message);
  }

  exportSecret(): Uint8Array {
    return this.#seed.slice();
  }

  toJSON(): { scheme: 'ed25519'; publicKey: string } {
    return { scheme: this.scheme, publicKey: Buffer.from(this.publicKey).toString('hex') };
  }
}

export function keypairFromSeed(scheme: Scheme, seed: Uint8Array): Keypair {
  assertScheme(scheme);
  return scheme === 'sr25519' ? Sr25519Keypair.fromSeed(seed) : Ed25519Keypair.fromSeed(seed);
}

/** A fresh key pair from the CSPRNG. */
export function generateKeypair(scheme: Scheme = 'sr25519'): Keypair {
  const seed = randomBytes(32);
  try {
    return keypairFromSeed(scheme, seed);
  } finally {
    seed.fill(0);
  }
}

/** Verifies a signature of either scheme; malformed keys or signatures verify as false. */
export function verifySignature(scheme: Scheme, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  assertScheme(scheme);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  return scheme === 'sr25519' ? sr25519VerifyRaw(signature, message, publicKey) : ed25519VerifyRaw(signature, message, publicKey);
}
