import { assertBytes } from '@phalanx/errors';
import { concatBytes, utf8 } from './bytes.js';
import { DOMAIN } from './domains.js';
import { hkdfSha256 } from './hkdf.js';
import type { Sr25519Keypair } from './keypair.js';

const commInfo = utf8(DOMAIN.comm);
const EMPTY = new Uint8Array(0);

/**
 * The channel key from `sender` to `recipient` (DESIGN §4):
 * HKDF-SHA256(sr25519Agreement(sk, peer), info = "phalanx/comm/v1" ‖ pkSender ‖ pkRecipient).
 * Both ends compute the same key; the direction is fixed by argument order, not by who computes.
 */
export function commKeyFromAgreement(
  sharedSecret: Uint8Array,
  senderPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
): Uint8Array {
  assertBytes(sharedSecret, 'sharedSecret', 32);
  assertBytes(senderPublicKey, 'senderPublicKey', 32);
  assertBytes(recipientPublicKey, 'recipientPublicKey', 32);
  return hkdfSha256(sharedSecret, EMPTY, concatBytes(commInfo, senderPublicKey, recipientPublicKey), 32);
}

/** Key for messages `self` sends to `peer`. */
export function commKeyTo(self: Sr25519Keypair, peerPublicKey: Uint8Array): Uint8Array {
  const shared = self.agree(peerPublicKey);
  try {
    return commKeyFromAgreement(shared, self.publicKey, peerPublicKey);
  } finally {
    shared.fill(0);
  }
}

/** Key for messages `peer` sent to `self`. */
export function commKeyFrom(self: Sr25519Keypair, peerPublicKey: Uint8Array): Uint8Array {
  const shared = self.agree(peerPublicKey);
  try {
    return commKeyFromAgreement(shared, peerPublicKey, self.publicKey);
  } finally {
    shared.fill(0);
  }
}
