import { type Keypair, signTagged, verifyTagged } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { bytes, encode, enumOf, type Infer, str, struct, tuple, u64 } from '@phalanx/scale';
import { AccountId, PublicKey, Signature64 } from './common.js';
import { LIMITS } from './limits.js';

/** Who sent a message (DESIGN §5). Worker/gatekeeper/contract origins are their IdentityKey. */
export const MessageOrigin = enumOf('MessageOrigin', {
  Pallet: str(LIMITS.palletName),
  Worker: PublicKey,
  Gatekeeper: PublicKey,
  Contract: PublicKey,
  Account: AccountId,
});
export type MessageOrigin = Infer<typeof MessageOrigin>;

/** A message-queue message: `{ origin, topic, payload }`. */
export const Message = struct('Message', {
  origin: MessageOrigin,
  topic: bytes(LIMITS.mqTopic),
  payload: bytes(LIMITS.mqPayload),
});
export type Message = Infer<typeof Message>;

/**
 * A message signed by its origin's sr25519 key with a per-sender `sequence`; the chain accepts
 * exactly the next sequence of each sender (no replay, no gap).
 */
export const SignedMessage = struct('SignedMessage', {
  message: Message,
  sequence: u64,
  signature: Signature64,
});
export type SignedMessage = Infer<typeof SignedMessage>;

export const MQ_SIGNING_KIND = 'mq-message';
const signedBodyCodec = tuple(Message, u64);

/** The public key that must have signed a message from `origin`; pallet messages are unsigned. */
export function originSigner(origin: MessageOrigin): Uint8Array | undefined {
  return origin.tag === 'Pallet' ? undefined : origin.value;
}

export function signMessage(keypair: Keypair, message: Message, sequence: bigint, genesisHash: Uint8Array): SignedMessage {
  if (keypair.scheme !== 'sr25519') {
    // verifyMessage checks sr25519 only: an ed25519 signature here could never verify.
    throw new PhalanxError('INVALID_INPUT', 'messages are signed with the origin sr25519 key, not an ed25519 one');
  }
  const signer = originSigner(message.origin);
  if (signer === undefined || !Buffer.from(signer).equals(Buffer.from(keypair.publicKey))) {
    throw new PhalanxError('INVALID_INPUT', 'the signing key must be the key named by the message origin');
  }
  const body = encode(signedBodyCodec, [message, sequence]);
  return { message, sequence, signature: signTagged(keypair, MQ_SIGNING_KIND, genesisHash, body) };
}

/** Verifies the origin's signature (sr25519, as every enclave and account key here is); throws BAD_SIGNATURE. */
export function verifyMessage(signed: SignedMessage, genesisHash: Uint8Array): void {
  const signer = originSigner(signed.message.origin);
  if (signer === undefined) {
    throw new PhalanxError('BAD_SIGNATURE', 'pallet-origin messages are produced by the runtime and carry no signature');
  }
  const body = encode(signedBodyCodec, [signed.message, signed.sequence]);
  if (!verifyTagged('sr25519', signer, MQ_SIGNING_KIND, genesisHash, body, signed.signature)) {
    throw new PhalanxError('BAD_SIGNATURE', 'message signature does not verify against its origin key', {
      details: { sequence: signed.sequence },
    });
  }
}
