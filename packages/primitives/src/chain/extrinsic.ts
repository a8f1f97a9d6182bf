import { type Keypair, signingPayload, verifySignature } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { type Codec, compact, compactU32, encode, struct, tuple } from '@phalanx/scale';
import { MultiSignature, MultiSigner } from '../common.js';
import { schemeOf, signerOf } from '../signed-payload.js';

export const EXTRINSIC_SIGNING_KIND = 'extrinsic';

/** A signed extrinsic: `{ signer, signature, nonce, tip, call }` (sr25519 or ed25519 signer). */
export interface SignedExtrinsic<C> {
  readonly signer: MultiSigner;
  readonly signature: MultiSignature;
  readonly nonce: number;
  readonly tip: bigint;
  readonly call: C;
}

/** The extrinsic codec for a runtime's call type (the runtime owns `Call`; primitives owns the frame). */
export function signedExtrinsicCodec<C>(call: Codec<C>): Codec<SignedExtrinsic<C>> {
  return struct('SignedExtrinsic', { signer: MultiSigner, signature: MultiSignature, nonce: compactU32, tip: compact, call });
}

/**
 * The bytes the signer signs: SCALE("phalanx/signed/v1", "extrinsic", genesisHash, SCALE(signer,
 * nonce, tip, call)). The signer is inside, so the signature cannot be re-attributed; the genesis
 * hash is inside, so it cannot be replayed on another chain.
 */
export function extrinsicSigningPayload<C>(
  call: Codec<C>,
  genesisHash: Uint8Array,
  fields: { signer: MultiSigner; nonce: number; tip: bigint; call: C },
): Uint8Array {
  const body = encode(tuple(MultiSigner, compactU32, compact, call), [fields.signer, fields.nonce, fields.tip, fields.call]);
  return signingPayload(EXTRINSIC_SIGNING_KIND, genesisHash, body);
}

export function signExtrinsic<C>(
  call: Codec<C>,
  keypair: Keypair,
  genesisHash: Uint8Array,
  fields: { nonce: number; tip?: bigint; call: C },
): SignedExtrinsic<C> {
  const signer = signerOf(keypair);
  const tip = fields.tip ?? 0n;
  const signature = keypair.sign(
    extrinsicSigningPayload(call, genesisHash, { signer, nonce: fields.nonce, tip, call: fields.call }),
  );
  return {
    signer,
    signature: keypair.scheme === 'sr25519' ? { tag: 'Sr25519', value: signature } : { tag: 'Ed25519', value: signature },
    nonce: fields.nonce,
    tip,
    call: fields.call,
  };
}

/** Throws BAD_SIGNATURE unless the extrinsic is signed by its signer for this chain. */
export function verifyExtrinsicSignature<C>(call: Codec<C>, genesisHash: Uint8Array, extrinsic: SignedExtrinsic<C>): void {
  if (extrinsic.signer.tag !== extrinsic.signature.tag) {
    throw new PhalanxError('BAD_SIGNATURE', 'extrinsic signature scheme does not match its signer');
  }
  const payload = extrinsicSigningPayload(call, genesisHash, extrinsic);
  if (!verifySignature(schemeOf(extrinsic.signer), extrinsic.signer.value, payload, extrinsic.signature.value)) {
    throw new PhalanxError('BAD_SIGNATURE', 'extrinsic signature does not verify (wrong key, altered fields, or another chain)');
  }
}

/** Bytes of the encoded `signer` (tag + 32) and `signature` (tag + 64) at the start of an extrinsic. */
const SIGNER_BYTES = 33;
const SIGNATURE_BYTES = 65;

/**
 * Verifies the signature of an already decoded extrinsic using its canonical encoding: the signed
 * body is the encoding minus the signature field, so nothing is re-encoded (the strict decoder
 * guarantees the bytes are canonical). This is the hot path of admission and import.
 */
export function verifyEncodedExtrinsicSignature<C>(
  encoded: Uint8Array,
  extrinsic: SignedExtrinsic<C>,
  genesisHash: Uint8Array,
): void {
  if (extrinsic.signer.tag !== extrinsic.signature.tag) {
    throw new PhalanxError('BAD_SIGNATURE', 'extrinsic signature scheme does not match its signer');
  }
  const body = new Uint8Array(encoded.length - SIGNATURE_BYTES);
  body.set(encoded.subarray(0, SIGNER_BYTES), 0);
  body.set(encoded.subarray(SIGNER_BYTES + SIGNATURE_BYTES), SIGNER_BYTES);
  const payload = signingPayload(EXTRINSIC_SIGNING_KIND, genesisHash, body);
  if (!verifySignature(schemeOf(extrinsic.signer), extrinsic.signer.value, payload, extrinsic.signature.value)) {
    throw new PhalanxError('BAD_SIGNATURE', 'extrinsic signature does not verify (wrong key, altered fields, or another chain)');
  }
}
