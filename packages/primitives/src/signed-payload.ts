import { type Keypair, type Scheme, signTagged, verifyTagged } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { bytes, type Infer, struct } from '@phalanx/scale';
import { MultiSignature, MultiSigner } from './common.js';
import { LIMITS } from './limits.js';

/**
 * A body signed under a domain tag: the signature covers
 * SCALE("phalanx/signed/v1", kind, genesisHash, body) (crypto `signingPayload`). `kind` and the
 * genesis hash are not stored: the verifier supplies what it expects, so a signature made for
 * another kind or chain fails.
 */
export const SignedPayload = struct('SignedPayload', {
  signer: MultiSigner,
  signature: MultiSignature,
  body: bytes(LIMITS.signedBody),
});
export type SignedPayload = Infer<typeof SignedPayload>;

export function signerOf(keypair: Keypair): MultiSigner {
  return keypair.scheme === 'sr25519'
    ? { tag: 'Sr25519', value: keypair.publicKey }
    : { tag: 'Ed25519', value: keypair.publicKey };
}

export function schemeOf(signer: MultiSigner): Scheme {
  return signer.tag === 'Sr25519' ? 'sr25519' : 'ed25519';
}

export function signPayload(keypair: Keypair, kind: string, genesisHash: Uint8Array, body: Uint8Array): SignedPayload {
  const signature = signTagged(keypair, kind, genesisHash, body);
  return {
    signer: signerOf(keypair),
    signature: keypair.scheme === 'sr25519' ? { tag: 'Sr25519', value: signature } : { tag: 'Ed25519', value: signature },
    body,
  };
}

/** Checks the signature for `kind` on the chain `genesisHash`; throws BAD_SIGNATURE otherwise. */
export function verifyPayload(payload: SignedPayload, kind: string, genesisHash: Uint8Array): void {
  if (payload.signer.tag !== payload.signature.tag) {
    throw new PhalanxError(
      'BAD_SIGNATURE',
      `signature scheme ${payload.signature.tag} does not match signer ${payload.signer.tag}`,
    );
  }
  const ok = verifyTagged(
    schemeOf(payload.signer),
    payload.signer.value,
    kind,
    genesisHash,
    payload.body,
    payload.signature.value,
  );
  if (!ok) throw new PhalanxError('BAD_SIGNATURE', `signature over the "${kind}" payload does not verify`, { details: { kind } });
}
