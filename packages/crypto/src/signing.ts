import { assertBytes } from '@phalanx/errors';
import { bytes, encode, fixedBytes, str, tuple } from '@phalanx/scale';
import { DOMAIN } from './domains.js';
import { type Keypair, type Scheme, verifySignature } from './keypair.js';

/** Longest body a tagged payload may carry (bigger things are hashed first by their owner). */
export const MAX_SIGNED_BODY = 4 * 1024 * 1024;
const MAX_KIND_BYTES = 64;

const payloadCodec = tuple(str(32), str(MAX_KIND_BYTES), fixedBytes(32), bytes(MAX_SIGNED_BODY));

/**
 * The bytes every Phalanx signature covers (DESIGN §4):
 * SCALE("phalanx/signed/v1", kind, genesisHash, body). `kind` names what is signed
 * ("extrinsic", "mq-message", "query"…), `genesisHash` which chain, so no signature of one
 * kind or chain can be replayed as another.
 */
export function signingPayload(kind: string, genesisHash: Uint8Array, body: Uint8Array): Uint8Array {
  assertBytes(genesisHash, 'genesisHash', 32);
  return encode(payloadCodec, [DOMAIN.signedPayload, kind, genesisHash, body]);
}

export function signTagged(keypair: Keypair, kind: string, genesisHash: Uint8Array, body: Uint8Array): Uint8Array {
  return keypair.sign(signingPayload(kind, genesisHash, body));
}

export function verifyTagged(
  scheme: Scheme,
  publicKey: Uint8Array,
  kind: string,
  genesisHash: Uint8Array,
  body: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verifySignature(scheme, publicKey, signingPayload(kind, genesisHash, body), signature);
}
