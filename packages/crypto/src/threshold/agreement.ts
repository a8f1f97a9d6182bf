import { assertBytes, PhalanxError } from '@phalanx/errors';
import { utf8 } from '../bytes.js';
import { commKeyFromAgreement } from '../comm.js';
import { type Envelope, openWithCommKey } from '../envelope.js';
import { type Random, tryPoint } from './group.js';
import { combineElements, type OprfAnswer, partialEvaluateElement } from './oprf.js';
import type { GroupPublic, KeyShare } from './types.js';

/**
 * Threshold sr25519 agreement: what `sr25519Agreement(MasterKey, peer)` gives (s·P, compressed),
 * from holders' partial answers s_i·P with DLEQ proofs, combined in the exponent. This is how an
 * envelope sealed *to the MasterPubkey* (the deployer's constructor arguments, encrypted before
 * the contract key exists) is opened by a contract's workers once t gatekeepers answered, without
 * any of them holding the MasterKey. Same answer shape and proofs as the threshold OPRF.
 *
 * Whoever asks for s_i·P learns nothing of the share (the DLEQ proof is zero-knowledge), but the
 * combined s·P is the channel secret of every envelope `P` ever sent to the MasterPubkey: answers
 * must only ever be encrypted to attested enclaves (the contract's workers), never published.
 */
const PROOF_INPUT = utf8('phalanx/threshold/agreement/v1');

function peerElement(peerPublic: Uint8Array): Uint8Array {
  assertBytes(peerPublic, 'peerPublic', 32);
  const point = tryPoint(peerPublic);
  if (point === undefined || point.is0()) throw new PhalanxError('INVALID_KEY', 'peerPublic is not a valid sr25519 public key');
  return peerPublic;
}

/** A holder's s_i·P for the peer key `peerPublic`, with its proof. */
export function agreementPartial(share: KeyShare, peerPublic: Uint8Array, random: Random): OprfAnswer {
  return partialEvaluateElement(share, peerElement(peerPublic), random);
}

/** s·P from t valid partials; names the invalid ones (and throws when fewer than t are valid). */
export function thresholdAgreement(
  group: GroupPublic,
  peerPublic: Uint8Array,
  answers: readonly OprfAnswer[],
): { shared: Uint8Array; used: number[]; invalid: { index: number; reason: string }[] } {
  const { point, used, invalid } = combineElements(group, peerElement(peerPublic), answers, PROOF_INPUT);
  return { shared: point.toBytes(), used, invalid };
}

/**
 * Opens an envelope sealed to the group key (`sealEnvelope(sender, groupKey, …)`) from holders'
 * partials on its sender key: the channel key is derived exactly as `openEnvelope` would with the
 * whole MasterKey.
 */
export function openEnvelopeWithPartials(
  group: GroupPublic,
  envelope: Envelope,
  answers: readonly OprfAnswer[],
  associatedData?: Uint8Array,
): { plaintext: Uint8Array; used: number[]; invalid: { index: number; reason: string }[] } {
  const { shared, used, invalid } = thresholdAgreement(group, envelope.senderPubkey, answers);
  const key = commKeyFromAgreement(shared, envelope.senderPubkey, group.commitments[0] as Uint8Array);
  shared.fill(0);
  try {
    return { plaintext: openWithCommKey(key, envelope, associatedData), used, invalid };
  } finally {
    key.fill(0);
  }
}
