import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, str, struct, tuple, u32, u128, vec } from '@phalanx/scale';
import { STAKING_LIMITS, StakingParams } from './types.js';

/** Staking events (RuntimeEvent variant 9). Variant order is part of the encoding: append only. */
export const StakingEvent = enumOf('StakingEvent', {
  Bonded: struct('Bonded', { who: AccountId, amount: u128 }),
  /** `amount` stops counting now and can be withdrawn from era `era`. */
  Unbonded: struct('Unbonded', { who: AccountId, amount: u128, era: u32 }),
  Withdrawn: struct('Withdrawn', { who: AccountId, amount: u128 }),
  ValidatorCandidate: struct('ValidatorCandidate', { who: AccountId, consensusKey: PublicKey, commission: u32 }),
  GatekeeperCandidate: struct('GatekeeperCandidate', { who: AccountId, identity: PublicKey }),
  Nominated: struct('Nominated', { who: AccountId, targets: vec(AccountId, STAKING_LIMITS.maxTargets, 32) }),
  Chilled: struct('Chilled', { who: AccountId }),
  ParamsSet: struct('ParamsSet', { params: StakingParams }),
  /** A new era began; the elections (if on) ran at this block. */
  EraStarted: struct('EraStarted', { era: u32 }),
  ValidatorsElected: struct('ValidatorsElected', { era: u32, elected: vec(tuple(AccountId, u128), 100, 48) }),
  GatekeepersElected: struct('GatekeepersElected', { era: u32, elected: vec(tuple(AccountId, u128), 64, 48) }),
  /** An election kept the current set: `kind` "validators" or "gatekeepers", too few candidates for `needed`. */
  ElectionSkipped: struct('ElectionSkipped', { era: u32, kind: str(16), candidates: u32, needed: u32 }),
  /** A validator set change the consensus pallet refused (the rest of the election still applied). */
  ValidatorChangeRefused: struct('ValidatorChangeRefused', { consensusKey: PublicKey, reason: str(256) }),
  /** A validator and its nominators were paid their share of `era`'s reward (`total`, of which `commission`). */
  ValidatorPaid: struct('ValidatorPaid', { era: u32, validator: AccountId, total: u128, commission: u128 }),
  /** An offence was slashed: `amount` burned from the offender and its nominators in `era`. */
  OffenceSlashed: struct('OffenceSlashed', { validator: AccountId, era: u32, amount: u128, accounts: u32 }),
});
