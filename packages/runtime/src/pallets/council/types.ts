import { AccountId } from '@phalanx/primitives';
import { bytes, type Infer, struct, u32, u128, vec } from '@phalanx/scale';
import { UNIT } from '../../constants.js';

/** Hard caps: what the council may make the chain store (each refused with a typed error). */
export const COUNCIL_LIMITS = {
  /** Seats (Substrate's `MaxMembers` in Polkadot's council is 100; ours is small). */
  maxMembers: 13,
  /** Motions open at once. */
  maxMotions: 32,
  /** Encoded size of a motion's call (as democracy's proposals). */
  maxCallBytes: 4096,
  /** Candidates waiting for the next election. */
  maxCandidates: 64,
  /** Candidates one voter may back. */
  maxVotesPerVoter: 16,
  /** Accounts voting in the elections at once. */
  maxVoters: 512,
  /** Largest motion duration and term: about 70 days of 6-second blocks. */
  maxPeriod: 1_000_000,
} as const;

export const CouncilParams = struct('CouncilParams', {
  /** Blocks a motion stays open; after that `close` drops it unless its ayes reached the threshold. */
  motionDuration: u32,
  /** Every this many blocks the members are elected anew (0: no elections, the genesis members stay). */
  termDuration: u32,
  /** Seats an election fills (at most `COUNCIL_LIMITS.maxMembers`). */
  desiredMembers: u32,
  /** Held of a candidate; returned when it renounces or leaves the council, forfeited to the treasury when it loses. */
  candidacyBond: u128,
});
export type CouncilParams = Infer<typeof CouncilParams>;

/** Dev defaults: short motions, no elections (the genesis members stay). */
export const DEFAULT_COUNCIL_PARAMS: CouncilParams = {
  motionDuration: 10,
  termDuration: 0,
  desiredMembers: 7,
  candidacyBond: 10n * UNIT,
};

const Members = vec(AccountId, COUNCIL_LIMITS.maxMembers, 32);

/** An open motion (pallet-collective's `Votes` with the proposal itself). */
export const Motion = struct('Motion', {
  proposer: AccountId,
  /** The SCALE-encoded `RuntimeCall` dispatched with the council origin if it passes. */
  call: bytes(COUNCIL_LIMITS.maxCallBytes),
  /** Ayes it needs. */
  threshold: u32,
  ayes: Members,
  nays: Members,
  /** The block from which it can be closed without reaching its threshold (and is dropped then). */
  end: u32,
});
export type Motion = Infer<typeof Motion>;

/** An election voter: the candidates it backs and the stake it holds behind them. */
export const Voter = struct('Voter', { votes: vec(AccountId, COUNCIL_LIMITS.maxVotesPerVoter, 32), stake: u128 });
export type Voter = Infer<typeof Voter>;
