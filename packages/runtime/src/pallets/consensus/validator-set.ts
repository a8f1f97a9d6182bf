import { equalBytes, isEd25519PublicKey } from '@phalanx/crypto';
import { palletErrors } from '../../dispatch/error.js';
import type { Overlay, StateReader } from '../../state/overlay.js';
import { validatorAddress } from './address.js';
import { Consensus } from './storage.js';
import { MAX_TOTAL_VOTING_POWER, MAX_VALIDATORS, type ValidatorUpdate } from './types.js';
import { replaceVrfKey } from './vrf-keys.js';

const fail = palletErrors('Consensus');

/** A validator set change: `power` 0 removes `consensusKey`, any other power adds or updates it. */
export interface ValidatorChange {
  readonly consensusKey: Uint8Array;
  readonly power: bigint;
  readonly operator: Uint8Array;
}

/**
 * Applies one change to the validator set and records it for CometBFT. Refuses (with a
 * `Consensus` dispatch error, nothing written) a key that is no prime-order ed25519 point,
 * removing a non-validator or the last validator, more than `MAX_VALIDATORS`, and a total power
 * above `MAX_TOTAL_VOTING_POWER`. An update keeps the validator's VRF key; removal drops it.
 */
export function changeValidator(state: Overlay, change: ValidatorChange): void {
  const { consensusKey, power, operator } = change;
  if (!isEd25519PublicKey(consensusKey)) {
    throw fail('InvalidConsensusKey', 'the consensus key is not a valid ed25519 public key (a prime-order curve point)');
  }
  const existing = Consensus.Validators.get(state, consensusKey);
  const count = Consensus.ValidatorCount.getOr(state, 0);
  const total = Consensus.TotalPower.getOr(state, 0n);
  const address = validatorAddress(consensusKey);

  if (power === 0n) {
    if (existing === undefined) throw fail('NotAValidator', 'this consensus key is not a validator: nothing to remove');
    if (count <= 1) throw fail('LastValidator', 'the last validator cannot be removed: the chain would stop');
    // Its VRF key goes with it (recorded as it was: the next block still checks this one's votes).
    if (Consensus.VrfKeys.has(state, consensusKey)) replaceVrfKey(state, consensusKey, undefined);
    Consensus.Validators.remove(state, consensusKey);
    Consensus.ValidatorByAddress.remove(state, address);
    Consensus.ValidatorCount.set(state, count - 1);
    Consensus.TotalPower.set(state, total - existing.power);
  } else {
    if (power > MAX_TOTAL_VOTING_POWER) {
      throw fail('PowerTooHigh', `a validator's power is at most ${MAX_TOTAL_VOTING_POWER} (CometBFT's MaxTotalVotingPower)`);
    }
    const newTotal = total - (existing?.power ?? 0n) + power;
    if (newTotal > MAX_TOTAL_VOTING_POWER) {
      throw fail('TotalPowerTooHigh', `the validators' total power would exceed ${MAX_TOTAL_VOTING_POWER} (CometBFT's limit)`);
    }
    if (existing === undefined) {
      if (count >= MAX_VALIDATORS) throw fail('TooManyValidators', `the chain has at most ${MAX_VALIDATORS} validators`);
      // Only a sha256 collision could trip this; checked so two keys never share an address.
      if (Consensus.ValidatorByAddress.has(state, address)) {
        throw fail('AddressInUse', 'another validator has the same CometBFT address');
      }
      Consensus.ValidatorByAddress.set(state, address, consensusKey);
      Consensus.ValidatorCount.set(state, count + 1);
    }
    Consensus.Validators.set(state, consensusKey, { power, operator });
    Consensus.TotalPower.set(state, newTotal);
  }
  recordUpdate(state, consensusKey, power, existing !== undefined);
}

/**
 * Records the change in `ValidatorUpdates`, one entry per key: CometBFT refuses duplicates, and
 * refuses removing a key it never had, so a key added and removed within one block leaves no entry.
 */
function recordUpdate(state: Overlay, key: Uint8Array, power: bigint, wasValidator: boolean): void {
  const updates = Consensus.ValidatorUpdates.getOr(state, []);
  const added = Consensus.AddedThisBlock.getOr(state, []);
  const index = updates.findIndex(([k]) => equalBytes(k, key));
  if (index < 0) {
    // First change of this key in the block: whether it is a validator now is what CometBFT knows.
    if (!wasValidator) Consensus.AddedThisBlock.set(state, [...added, key]);
    Consensus.ValidatorUpdates.set(state, [...updates, [key, power]]);
    return;
  }
  const isNew = added.some((k) => equalBytes(k, key));
  if (power === 0n && isNew) {
    Consensus.ValidatorUpdates.set(
      state,
      updates.filter((_, i) => i !== index),
    );
    Consensus.AddedThisBlock.set(
      state,
      added.filter((k) => !equalBytes(k, key)),
    );
    return;
  }
  const next = [...updates];
  next[index] = [key, power];
  Consensus.ValidatorUpdates.set(state, next);
}

/**
 * The validator set changes of the block whose post-state `state` is, for CometBFT's
 * `FinalizeBlock` response (`validator_updates`): at most one entry per key, power 0 = removal.
 */
export function validatorUpdatesOf(state: StateReader): ValidatorUpdate[] {
  return Consensus.ValidatorUpdates.getOr(state, []);
}
