import { equalBytes } from '@phalanx/crypto';
import { palletErrors } from '../../dispatch/error.js';
import type { Overlay, StateReader } from '../../state/overlay.js';
import { validatorAddress } from './address.js';
import { Consensus } from './storage.js';
import { MAX_VALIDATORS } from './types.js';

const fail = palletErrors('Consensus');
const MAX_CHANGES = 2 * MAX_VALIDATORS;

/** The VRF key of the validator with this CometBFT address now (none: not a validator, or keyless). */
export function vrfKeyOf(state: StateReader, address: Uint8Array): Uint8Array | undefined {
  const consensusKey = Consensus.ValidatorByAddress.get(state, address);
  return consensusKey === undefined ? undefined : Consensus.VrfKeys.get(state, consensusKey);
}

/**
 * The VRF key the validator at `address` extended its votes of the parent block's height with:
 * its key when the parent block began, i.e. before the changes the parent made. `state` is the
 * parent's post-state (what the next block and its proposer see).
 */
export function extensionKeyOf(state: StateReader, address: Uint8Array): Uint8Array | undefined {
  const before = Consensus.VrfKeysBefore.getOr(state, []).find(([changed]) => equalBytes(changed, address));
  return before === undefined ? vrfKeyOf(state, address) : before[1];
}

/**
 * Sets (or, with none, removes) a validator's VRF key, first recording what it was when the block
 * began: the next block checks this block's extensions against that (`extensionKeyOf`).
 */
export function replaceVrfKey(state: Overlay, consensusKey: Uint8Array, vrfKey: Uint8Array | undefined): void {
  const address = validatorAddress(consensusKey);
  const changes = Consensus.VrfKeysBefore.getOr(state, []);
  if (!changes.some(([changed]) => equalBytes(changed, address))) {
    if (changes.length >= MAX_CHANGES) throw fail('TooManyVrfKeyChanges', `at most ${MAX_CHANGES} VRF keys change in a block`);
    Consensus.VrfKeysBefore.set(state, [...changes, [address, Consensus.VrfKeys.get(state, consensusKey)]]);
  }
  if (vrfKey === undefined) Consensus.VrfKeys.remove(state, consensusKey);
  else Consensus.VrfKeys.set(state, consensusKey, vrfKey);
}
