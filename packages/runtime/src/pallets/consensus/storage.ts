import { PublicKey } from '@phalanx/primitives';
import { u32, u64, vec } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';
import {
  MAX_OFFENCES_PER_BLOCK,
  MAX_VALIDATORS,
  OffenceRecord,
  ValidatorAddress,
  ValidatorRecord,
  ValidatorUpdate,
  VrfKeyBefore,
} from './types.js';

export const Consensus = {
  /**
   * The sr25519 keys allowed to author (seal) blocks. Set at genesis; the node's consensus engine
   * and the pRuntime light client both check seals against this set read from verified state.
   */
  Authorities: storageValue('Consensus', 'Authorities', vec(PublicKey, 100)),
  /** The CometBFT validator set: ed25519 consensus key → power and operator. */
  Validators: storageMap('Consensus', 'Validators', PublicKey, ValidatorRecord),
  /** CometBFT address (sha256(key)[..20], what evidence names) → consensus key, for every validator. */
  ValidatorByAddress: storageMap('Consensus', 'ValidatorByAddress', ValidatorAddress, PublicKey),
  /** How many entries `Validators` has (unset = 0). */
  ValidatorCount: storageValue('Consensus', 'ValidatorCount', u32),
  /** The sum of every validator's power (unset = 0), at most `MAX_TOTAL_VOTING_POWER`. */
  TotalPower: storageValue('Consensus', 'TotalPower', u64),
  /**
   * The validator set's changes made in the current block, one entry per key (the latest wins),
   * for CometBFT's `validator_updates`. Cleared when the next block initialises.
   */
  ValidatorUpdates: storageValue('Consensus', 'ValidatorUpdates', vec(ValidatorUpdate, 2 * MAX_VALIDATORS, 40)),
  /**
   * Keys added in the current block that were no validators when it began. Removing one again in
   * the same block drops its update instead of reporting a removal CometBFT never heard of (which
   * it would refuse). Cleared when the next block initialises.
   */
  AddedThisBlock: storageValue('Consensus', 'AddedThisBlock', vec(PublicKey, MAX_VALIDATORS, 32)),
  /**
   * A validator's sr25519 VRF key (ed25519 consensus key → VRF public key), with which it extends
   * its precommits (ABCI 2.0 vote extensions) and so contributes to `System.Randomness`. A
   * validator without one contributes nothing (its power still counts as voting).
   */
  VrfKeys: storageMap('Consensus', 'VrfKeys', PublicKey, PublicKey),
  /**
   * The VRF keys changed in the current block, as they were before it (see `VrfKeyBefore`): the
   * next block checks this block's vote extensions against them. Cleared when the next block
   * initialises (after that check).
   */
  VrfKeysBefore: storageValue('Consensus', 'VrfKeysBefore', vec(VrfKeyBefore, MAX_VALIDATORS * 2, 21)),
  /**
   * Offences reported by CometBFT, by the number of the block that reported them, in report
   * order; kept `OFFENCE_HISTORY` blocks. Staking slashes from here.
   */
  Offences: storageMap('Consensus', 'Offences', u32, vec(OffenceRecord, MAX_OFFENCES_PER_BLOCK, 39)),
} as const;
