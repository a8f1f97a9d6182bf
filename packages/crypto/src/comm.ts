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

/**
 * Channel keys of one key pair with its peers, remembered (one agreement per peer, not per
 * message): a worker answering many queries from one client session, a client querying one worker.
 * Bounded; forgetting only costs a new agreement.
 */
export class CommChannels {
  private readonly keys = new Map<string, { readonly to: Uint8Array; readonly from: Uint8Array }>();

  constructor(
    readonly self: Sr25519Keypair,
    private readonly capacity = 4096,
  ) {}

  /** `to`: for messages to `peer`; `from`: for messages `peer` sent. */
  with(peerPublicKey: Uint8Array): { readonly to: Uint8Array; readonly from: Uint8Array } {
    assertBytes(peerPublicKey, 'peerPublicKey', 32);
    const id = Buffer.from(peerPublicKey.buffer, peerPublicKey.byteOffset, 32).toString('latin1');
    let keys = this.keys.get(id);
    if (keys === undefined) {
      const shared = this.self.agree(peerPublicKey);
      try {
        keys = {
          to: commKeyFromAgreement(shared, this.self.publicKey, peerPublicKey),
          from: commKeyFromAgreement(shared, peerPublicKey, this.self.publicKey),
        };
      } finally {
        shared.fill(0);
      }
      if (this.keys.size >= this.capacity) this.keys.clear();
      this.keys.set(id, keys);
    }
    return keys;
  }
}
