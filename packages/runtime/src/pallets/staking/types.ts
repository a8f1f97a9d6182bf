import { AccountId, PublicKey } from '@phalanx/primitives';
import { bool, type Infer, option, struct, tuple, u32, u128, vec } from '@phalanx/scale';
import { MAX_VALIDATORS } from '../consensus/types.js';
import { REGISTRY_LIMITS } from '../registry/types.js';

/** Hard caps: they bound what one block reads, computes and writes (each refused with a typed error). */
export const STAKING_LIMITS = {
  /** Targets of one nomination (Substrate's MaxNominations). */
  maxTargets: 16,
  /** Unbonding chunks one ledger holds (unbonding in the same era merges into one chunk). */
  maxUnlockingChunks: 32,
  /** Validator candidates at once. */
  maxValidatorCandidates: 1000,
  /** Gatekeeper candidates at once. */
  maxGatekeeperCandidates: 256,
  /**
   * Nominators that take part in one election: the highest-staked (Substrate's MaxElectingVoters).
   * It bounds the election block's work: seq-Phragmén in bigint costs some 50 µs of CPU per voter
   * with 16 targets and 50 seats here, and the exposures it writes grow with it (bench/staking.mjs).
   */
  maxElectingVoters: 1000,
  /** Nominators the voter snapshot reads per block (the snapshot runs over the era's last blocks). */
  snapshotChunk: 1000,
  /** Nominators whose era reward one block pays (payouts are spread over the era's first blocks). */
  payoutPage: 1024,
  /** Eras whose exposures are kept (for slashing offences reported late and for payouts). */
  historyDepth: 4,
  /** Parts per million (commission, offence slash). */
  ppm: 1_000_000,
  /** Largest era length and bonding duration (keeps block and era arithmetic within u32). */
  maxEraLength: 1_000_000,
  maxBondingDuration: 10_000,
} as const;

export const StakingParams = struct('StakingParams', {
  /** Validators to elect per era (0: the validator election is off). */
  validatorCount: u32,
  /** Gatekeepers to elect per era (0: the gatekeeper election is off). */
  gatekeeperCount: u32,
  /** Blocks per era (0: eras, elections and rewards are off). */
  eraLength: u32,
  /** Eras unbonded value stays held (and slashable) before it can be withdrawn. */
  bondingDuration: u32,
  minNominatorBond: u128,
  /** Least active bond of a validator or gatekeeper candidate. */
  minValidatorBond: u128,
  /** Minted per era and shared by that era's elected validators and their nominators. */
  eraReward: u128,
  /** Parts per million of the offender's exposure burned per offence. */
  offenceSlash: u32,
  /** Bonded value per unit of CometBFT voting power. */
  powerUnit: u128,
});
export type StakingParams = Infer<typeof StakingParams>;

/** Without a genesis `staking` section: every election off (eraLength 0), so existing chains are unchanged. */
export const DEFAULT_STAKING_PARAMS: StakingParams = Object.freeze({
  validatorCount: 0,
  gatekeeperCount: 0,
  eraLength: 0,
  bondingDuration: 0,
  minNominatorBond: 0n,
  minValidatorBond: 0n,
  eraReward: 0n,
  offenceSlash: 0,
  powerUnit: 1n,
});

/** Why these parameters are refused, or undefined. */
export function stakingParamsProblem(p: StakingParams): string | undefined {
  if (p.validatorCount > MAX_VALIDATORS) return `validatorCount is at most ${MAX_VALIDATORS} (the chain's validator cap)`;
  if (p.gatekeeperCount > REGISTRY_LIMITS.maxGatekeepers) return `gatekeeperCount is at most ${REGISTRY_LIMITS.maxGatekeepers}`;
  if (p.eraLength > STAKING_LIMITS.maxEraLength) return `eraLength is at most ${STAKING_LIMITS.maxEraLength} blocks`;
  if (p.bondingDuration > STAKING_LIMITS.maxBondingDuration)
    return `bondingDuration is at most ${STAKING_LIMITS.maxBondingDuration} eras`;
  if (p.offenceSlash > STAKING_LIMITS.ppm) return `offenceSlash is in parts per million: at most ${STAKING_LIMITS.ppm}`;
  if (p.powerUnit === 0n) return 'powerUnit must be positive (bonded value per unit of voting power)';
  return undefined;
}

/** Value unbonded in some era, withdrawable from era `era` on. */
export const UnlockChunk = struct('UnlockChunk', { value: u128, era: u32 });
export type UnlockChunk = Infer<typeof UnlockChunk>;

/** What an account has bonded: `total` is held; `active` counts in elections; the rest is unlocking. */
export const StakingLedger = struct('StakingLedger', {
  total: u128,
  active: u128,
  unlocking: vec(UnlockChunk, STAKING_LIMITS.maxUnlockingChunks, 20),
});
export type StakingLedger = Infer<typeof StakingLedger>;

/** A validator candidate's preferences. */
export const ValidatorPrefs = struct('ValidatorPrefs', { consensusKey: PublicKey, commission: u32 });
export type ValidatorPrefs = Infer<typeof ValidatorPrefs>;

/** A nomination, and its links in the nominator list (insertion order, iterated by the snapshot). */
export const Nomination = struct('Nomination', {
  targets: vec(AccountId, STAKING_LIMITS.maxTargets, 32),
  prev: option(AccountId),
  next: option(AccountId),
});
export type Nomination = Infer<typeof Nomination>;

/** A nominator as the election sees it (stake read when the snapshot passed it). */
export const SnapshotVoter = struct('SnapshotVoter', {
  who: AccountId,
  stake: u128,
  targets: vec(AccountId, STAKING_LIMITS.maxTargets, 32),
});
export type SnapshotVoter = Infer<typeof SnapshotVoter>;

/** Progress of the voter snapshot for the coming election: `cursor` is the next nominator to read. */
export const SnapshotProgress = struct('SnapshotProgress', { cursor: option(AccountId), done: bool });
export type SnapshotProgress = Infer<typeof SnapshotProgress>;

/** Who backs an elected validator or gatekeeper in an era, and with how much. */
export const Exposure = struct('Exposure', {
  total: u128,
  own: u128,
  others: vec(tuple(AccountId, u128), STAKING_LIMITS.maxElectingVoters, 48),
});
export type Exposure = Infer<typeof Exposure>;

/** An elected validator of an era: its stash, key and commission then (payouts and slashes use these). */
export const EraValidator = struct('EraValidator', { stash: AccountId, consensusKey: PublicKey, commission: u32 });
export type EraValidator = Infer<typeof EraValidator>;

/** An elected gatekeeper of an era: its stash and worker identity. */
export const EraGatekeeper = struct('EraGatekeeper', { stash: AccountId, identity: PublicKey });
export type EraGatekeeper = Infer<typeof EraGatekeeper>;

/** The reward payout under way: era, the validator (index in its era list) and nominator page reached. */
export const PayoutProgress = struct('PayoutProgress', {
  era: u32,
  /** The era's whole reward (fixed when its payout began). */
  reward: u128,
  validator: u32,
  offset: u32,
  /** Paid so far to the current validator's nominators (the validator gets the rest of its share). */
  paidToNominators: u128,
});
export type PayoutProgress = Infer<typeof PayoutProgress>;
