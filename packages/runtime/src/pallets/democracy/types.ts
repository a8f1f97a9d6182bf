import { AccountId } from '@phalanx/primitives';
import { bool, bytes, enumOf, type Infer, struct, u8, u32, u128, unit, vec } from '@phalanx/scale';
import { UNIT } from '../../constants.js';

/** Hard caps: the chain parameters may be set lower, never higher (they size what storage holds). */
export const DEMOCRACY_LIMITS = {
  /** Encoded size of a proposed call. */
  maxCallBytes: 4096,
  /** Upper bound of `maxProposals`. */
  maxProposals: 100,
  /** Seconds one proposal may collect. */
  maxSeconds: 100,
  /** Upper bound of `maxVotesPerAccount`. */
  maxVotesPerAccount: 100,
  /** Referenda running at once (a launch waits while this many are ongoing). */
  maxOngoing: 64,
  /** Highest conviction (6×, locked 6 enactment periods after the end). */
  maxConviction: 6,
} as const;

export const DemocracyParams = struct('DemocracyParams', {
  /** Every this many blocks the best-backed public proposal becomes a referendum. */
  launchPeriod: u32,
  /** Blocks a referendum is open for votes. */
  votingPeriod: u32,
  /** Blocks between a referendum passing and its call being dispatched; also the unit of conviction locks. */
  enactmentPeriod: u32,
  minimumDeposit: u128,
  maxProposals: u32,
  maxVotesPerAccount: u32,
});
export type DemocracyParams = Infer<typeof DemocracyParams>;

/** Dev defaults: short periods so tests and devnets see referenda within minutes. */
export const DEFAULT_DEMOCRACY_PARAMS: DemocracyParams = {
  launchPeriod: 10,
  votingPeriod: 10,
  enactmentPeriod: 5,
  minimumDeposit: 100n * UNIT,
  maxProposals: 32,
  maxVotesPerAccount: 32,
};

export const VoteThreshold = enumOf('VoteThreshold', {
  SuperMajorityApprove: unit,
  SuperMajorityAgainst: unit,
  SimpleMajority: unit,
});
export type VoteThreshold = Infer<typeof VoteThreshold>;

export const PublicProposal = struct('PublicProposal', {
  index: u32,
  proposer: AccountId,
  /** The SCALE-encoded `RuntimeCall` (checked to decode when proposed). */
  call: bytes(DEMOCRACY_LIMITS.maxCallBytes),
  /** Reserved from the proposer and again from every seconder. */
  deposit: u128,
  seconders: vec(AccountId, DEMOCRACY_LIMITS.maxSeconds, 32),
});
export type PublicProposal = Infer<typeof PublicProposal>;

export const Tally = struct('Tally', {
  /** Conviction-weighted votes. */
  ayes: u128,
  nays: u128,
  /** Balance that voted, unweighted. */
  turnout: u128,
});
export type Tally = Infer<typeof Tally>;

export const ReferendumInfo = enumOf('ReferendumInfo', {
  Ongoing: struct('Ongoing', {
    end: u32,
    proposal: u32,
    call: bytes(DEMOCRACY_LIMITS.maxCallBytes),
    threshold: VoteThreshold,
    tally: Tally,
  }),
  Finished: struct('Finished', { approved: bool, end: u32 }),
  /** Cancelled by the council (or root) while running: nothing passed, its votes are free at once. */
  Cancelled: struct('Cancelled', { end: u32 }),
});
export type ReferendumInfo = Infer<typeof ReferendumInfo>;

/**
 * The `proposal` a referendum started from an external (council) proposal carries: it has no
 * public proposal index.
 */
export const EXTERNAL_PROPOSAL = 0xffff_ffff;

/** The council's proposal waiting for a launch (Substrate's `NextExternal`). */
export const ExternalProposal = struct('ExternalProposal', {
  call: bytes(DEMOCRACY_LIMITS.maxCallBytes),
  threshold: VoteThreshold,
});
export type ExternalProposal = Infer<typeof ExternalProposal>;

/** What `fastTrack` makes a referendum of now: a running referendum, a public proposal, or the external one. */
export const FastTrackTarget = enumOf('FastTrackTarget', { Referendum: u32, Proposal: u32, External: unit });
export type FastTrackTarget = Infer<typeof FastTrackTarget>;

export const AccountVote = struct('AccountVote', { referendum: u32, aye: bool, balance: u128, conviction: u8 });
export type AccountVote = Infer<typeof AccountVote>;

export const Enactment = struct('Enactment', { referendum: u32, call: bytes(DEMOCRACY_LIMITS.maxCallBytes) });
export type Enactment = Infer<typeof Enactment>;

/** Votes a balance counts for: 0.1× at conviction 0, n× at conviction n (Substrate's `Conviction`). */
export function weightedVotes(balance: bigint, conviction: number): bigint {
  return conviction === 0 ? balance / 10n : balance * BigInt(conviction);
}

/**
 * The block from which a vote's reserve may be released after its referendum ended at `end`:
 * conviction × EnactmentPeriod blocks later (conviction 0: at the end itself).
 */
export function unlockAt(end: number, conviction: number, enactmentPeriod: number): number {
  return end + conviction * enactmentPeriod;
}
