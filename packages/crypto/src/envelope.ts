import { assertBytes, isPhalanxError, PhalanxError } from '@phalanx/errors';
import { aesGcmDecrypt, aesGcmEncrypt, IV_LENGTH } from './aead.js';
import { concatBytes, utf8 } from './bytes.js';
import { commKeyFrom, commKeyTo } from './comm.js';
import { DOMAIN } from './domains.js';
import { randomIv } from './iv.js';
import type { Sr25519Keypair } from './keypair.js';

/** DESIGN §4: `Envelope = { senderPubkey: [u8;32], iv: [u8;12], ciphertext }` (SCALE codec in primitives). */
export interface Envelope {
  readonly senderPubkey: Uint8Array;
  readonly iv: Uint8Array;
  /** AES-256-GCM ciphertext followed by the 16-byte tag. */
  readonly ciphertext: Uint8Array;
}

export interface SealEnvelopeOptions {
  /** Associated data binding the context (contract id, topic, signer…). Not secret, not sent. */
  readonly associatedData?: Uint8Array;
  /** A derived IV (see `deriveIv`) for replicas that must agree byte for byte; random otherwise. */
  readonly iv?: Uint8Array;
}

const envelopeDomain = utf8(DOMAIN.envelope);
const EMPTY = new Uint8Array(0);

function envelopeAd(associatedData: Uint8Array): Uint8Array {
  assertBytes(associatedData, 'associatedData');
  return concatBytes(envelopeDomain, associatedData);
}

/** Encrypts with an already derived channel key (cache `commKeyTo` per peer on hot paths). */
export function sealWithCommKey(
  commKey: Uint8Array,
  senderPubkey: Uint8Array,
  plaintext: Uint8Array,
  options: SealEnvelopeOptions = {},
): Envelope {
  assertBytes(senderPubkey, 'senderPubkey', 32);
  const iv = options.iv ?? randomIv();
  assertBytes(iv, 'iv', IV_LENGTH);
  const ciphertext = aesGcmEncrypt(commKey, iv, plaintext, envelopeAd(options.associatedData ?? EMPTY));
  return { senderPubkey: senderPubkey.slice(), iv: iv.slice(), ciphertext };
}

export function openWithCommKey(commKey: Uint8Array, envelope: Envelope, associatedData: Uint8Array = EMPTY): Uint8Array {
  assertBytes(envelope.iv, 'envelope.iv', IV_LENGTH);
  return aesGcmDecrypt(commKey, envelope.iv, envelope.ciphertext, envelopeAd(associatedData));
}

/** Encrypts `plaintext` from `sender` to the holder of `recipientPubkey`'s sr25519 secret. */
export function sealEnvelope(
  sender: Sr25519Keypair,
  recipientPubkey: Uint8Array,
  plaintext: Uint8Array,
  options: SealEnvelopeOptions = {},
): Envelope {
  const key = commKeyTo(sender, recipientPubkey);
  try {
    return sealWithCommKey(key, sender.publicKey, plaintext, options);
  } finally {
    key.fill(0);
  }
}

/**
 * Decrypts an envelope addressed to `recipient`. The sender key is bound through the channel
 * key, so a changed sender, IV, ciphertext, tag or associated data all fail with DECRYPTION_FAILED.
 */
export function openEnvelope(recipient: Sr25519Keypair, envelope: Envelope, associatedData: Uint8Array = EMPTY): Uint8Array {
  assertBytes(envelope.senderPubkey, 'envelope.senderPubkey', 32);
  let key: Uint8Array;
  try {
    key = commKeyFrom(recipient, envelope.senderPubkey);
  } catch (cause) {
    if (!isPhalanxError(cause, 'INVALID_KEY')) throw cause;
    // An altered sender key is an altered envelope: one error for every kind of tampering.
    throw new PhalanxError('DECRYPTION_FAILED', 'authentication failed: the sender public key is not a valid sr25519 key');
  }
  try {
    return openWithCommKey(key, envelope, associatedData);
  } finally {
    key.fill(0);
  }
}
