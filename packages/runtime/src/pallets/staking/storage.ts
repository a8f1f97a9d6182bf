import { AccountId, PublicKey } from '@phalanx/primitives';
import { tuple, u8, u32, u64, unit, vec } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';
import { ValidatorAddress } from '../consensus/types.js';
import {
  EraGatekeeper,
  EraValidator,
  Exposure,
  Nomination,
  PayoutProgress,
  SnapshotProgress,
  SnapshotVoter,
  STAKING_LIMITS,
  StakingLedger,
  StakingParams,
  ValidatorPrefs,
} from './types.js';

export const Staking = {
  /** The chain parameters (unset: `DEFAULT_STAKING_PARAMS`, everything off). */
  Params: storageValue('Staking', 'Params', StakingParams),
  /** The current era (unset = 0) and the block it began at (unset = 0). */
  CurrentEra: storageValue('Staking', 'CurrentEra', u32),
  EraStart: storageValue('Staking', 'EraStart', u32),
  /** era → the block it began at (kept `historyDepth` eras: offences find their era by height). */
  ErasStart: storageMap('Staking', 'ErasStart', u32, u32),
  /** Bonded accounts (the stash is the account itself: no separate controller). */
  Ledger: storageMap('Staking', 'Ledger', AccountId, StakingLedger),
  /** Validator candidates, and their order of candidacy (the candidate list of the election). */
  Validators: storageMap('Staking', 'Validators', AccountId, ValidatorPrefs),
  ValidatorList: storageValue('Staking', 'ValidatorList', vec(AccountId, STAKING_LIMITS.maxValidatorCandidates, 32)),
  /** Consensus key → the candidate that uses it (one key, one candidate). */
  KeyOwner: storageMap('Staking', 'KeyOwner', PublicKey, AccountId),
  /** Gatekeeper candidates (account → worker identity), and their order of candidacy. */
  Gatekeepers: storageMap('Staking', 'Gatekeepers', AccountId, PublicKey),
  GatekeeperList: storageValue('Staking', 'GatekeeperList', vec(AccountId, STAKING_LIMITS.maxGatekeeperCandidates, 32)),
  /** Worker identity → the gatekeeper candidate that put it forward. */
  IdentityOwner: storageMap('Staking', 'IdentityOwner', PublicKey, AccountId),
  /**
   * Nominators: a doubly linked list in insertion order (head, tail, count), each node the
   * nomination itself, so 100k nominators are iterated in bounded chunks without one huge value.
   */
  Nominators: storageMap('Staking', 'Nominators', AccountId, Nomination),
  NominatorHead: storageValue('Staking', 'NominatorHead', AccountId),
  NominatorTail: storageValue('Staking', 'NominatorTail', AccountId),
  NominatorCount: storageValue('Staking', 'NominatorCount', u32),
  /** The voter snapshot for the coming election (set while it is being built, cleared by the election). */
  SnapshotProgress: storageValue('Staking', 'SnapshotProgress', SnapshotProgress),
  /** The highest-staked nominators read so far (stake descending, ties in list order), at most `maxElectingVoters`. */
  SnapshotVoters: storageValue('Staking', 'SnapshotVoters', vec(SnapshotVoter, STAKING_LIMITS.maxElectingVoters, 49)),
  /** era → its elected validators in election order; (era, stash) → their exposure. */
  ErasValidators: storageMap('Staking', 'ErasValidators', u32, vec(EraValidator, 100, 68)),
  ErasStakers: storageMap('Staking', 'ErasStakers', tuple(u32, AccountId), Exposure),
  /** era → its elected gatekeepers; (era, stash) → their exposure. */
  ErasGatekeepers: storageMap('Staking', 'ErasGatekeepers', u32, vec(EraGatekeeper, 64, 64)),
  ErasGatekeeperStakers: storageMap('Staking', 'ErasGatekeeperStakers', tuple(u32, AccountId), Exposure),
  /** Consensus keys the last validator election put in the set (removed when no longer elected). */
  ManagedKeys: storageValue('Staking', 'ManagedKeys', vec(PublicKey, 200, 32)),
  /** The era whose elections already ran (in the block before its boundary), until the boundary applies them. */
  ElectionPrepared: storageValue('Staking', 'ElectionPrepared', u32),
  /** The era reward being paid (unset: none under way). */
  PayoutProgress: storageValue('Staking', 'PayoutProgress', PayoutProgress),
  /** Offences already slashed: (address, height, kind index) → (). */
  SlashedOffences: storageMap('Staking', 'SlashedOffences', tuple(ValidatorAddress, u64, u8), unit),
} as const;
