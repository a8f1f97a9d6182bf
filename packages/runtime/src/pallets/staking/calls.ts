import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, struct, u32, u128, unit, vec } from '@phalanx/scale';
import { STAKING_LIMITS, StakingParams } from './types.js';

/** Staking calls (RuntimeCall variant 9). Variant order is part of the encoding: append only. */
export const StakingCall = enumOf('StakingCall', {
  /** Bonds (holds) `value` of the caller's free balance: the caller becomes a stash. */
  bond: struct('bond', { value: u128 }),
  bondExtra: struct('bondExtra', { value: u128 }),
  /** Stops `value` counting now; it stays held `bondingDuration` eras, then `withdrawUnbonded` frees it. */
  unbond: struct('unbond', { value: u128 }),
  withdrawUnbonded: unit,
  /** Validator candidacy with the ed25519 key CometBFT knows and a commission in parts per million. */
  validate: struct('validate', { consensusKey: PublicKey, commission: u32 }),
  /** Gatekeeper candidacy with a registered worker the caller operates. */
  candidateGatekeeper: struct('candidateGatekeeper', { identity: PublicKey }),
  nominate: struct('nominate', { targets: vec(AccountId, STAKING_LIMITS.maxTargets, 32) }),
  /** Ends the caller's candidacy or nomination (its bond stays). */
  chill: unit,
  /** Root: the chain parameters. */
  setParams: struct('setParams', { params: StakingParams }),
});
