import { openEnvelope, type Sr25519Keypair, sealEnvelope } from '@phalanx/crypto';
import { initArgsAd, instantiateArgsAd } from './contract-call.js';
import type { Envelope } from './envelope.js';
import { PADDING, pad, unpad } from './padding.js';

/**
 * A contract's constructor arguments (UTF-8 JSON), padded to the call buckets like commands so the
 * `instantiate` extrinsic and the gatekeepers' re-encryption tell only a size bucket. Two hops:
 * the deployer seals them to the MasterKey (the contract key does not exist yet), a gatekeeper
 * opens them and seals them to the contract's own EcdhKey, which its workers open.
 */
export function sealInstantiateArgs(
  session: Sr25519Keypair,
  masterPubkey: Uint8Array,
  contract: Uint8Array,
  deployer: Uint8Array,
  args: Uint8Array,
): Envelope {
  return sealEnvelope(session, masterPubkey, pad(args, PADDING.call), { associatedData: instantiateArgsAd(contract, deployer) });
}

/** Gatekeeper: the deployer's arguments (typed errors for tampering or a bad frame). */
export function openInstantiateArgs(
  master: Sr25519Keypair,
  envelope: Envelope,
  contract: Uint8Array,
  deployer: Uint8Array,
): Uint8Array {
  return unpad(openEnvelope(master, envelope, instantiateArgsAd(contract, deployer)), PADDING.call);
}

/**
 * The deployer's arguments opened by `open` — under a threshold MasterKey, a contract's worker
 * opens them from t gatekeepers' agreement partials (`threshold.openEnvelopeWithPartials`).
 */
export function openInstantiateArgsWith(
  open: (envelope: Envelope, associatedData: Uint8Array) => Uint8Array,
  envelope: Envelope,
  contract: Uint8Array,
  deployer: Uint8Array,
): Uint8Array {
  return unpad(open(envelope, instantiateArgsAd(contract, deployer)), PADDING.call);
}

/** Gatekeeper: the same arguments re-encrypted to the contract (IV derived: every gatekeeper emits the same bytes). */
export function sealInitArgs(ecdh: Sr25519Keypair, contract: Uint8Array, args: Uint8Array, iv: Uint8Array): Envelope {
  return sealEnvelope(ecdh, ecdh.publicKey, pad(args, PADDING.call), { associatedData: initArgsAd(contract), iv });
}

/** Worker: the constructor's arguments. */
export function openInitArgs(ecdh: Sr25519Keypair, envelope: Envelope, contract: Uint8Array): Uint8Array {
  return unpad(openEnvelope(ecdh, envelope, initArgsAd(contract)), PADDING.call);
}
