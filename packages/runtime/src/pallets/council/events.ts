import { AccountId } from '@phalanx/primitives';
import { bool, enumOf, option, struct, u32, u128, unit, vec } from '@phalanx/scale';
import { DispatchErrorRecord } from '../../dispatch/error.js';
import { COUNCIL_LIMITS, CouncilParams } from './types.js';

const Members = vec(AccountId, COUNCIL_LIMITS.maxMembers, 32);

/** Council events (RuntimeEvent variant 10). Variant order is part of the encoding: append only. */
export const CouncilEvent = enumOf('CouncilEvent', {
  Proposed: struct('Proposed', { motion: u32, proposer: AccountId, threshold: u32, end: u32 }),
  Voted: struct('Voted', { motion: u32, who: AccountId, aye: bool, ayes: u32, nays: u32 }),
  /** A motion reached its threshold and was closed; `Executed` follows. */
  Approved: struct('Approved', { motion: u32, ayes: u32, nays: u32 }),
  /** A motion could no longer pass, or its time ran out, and was dropped. */
  Disapproved: struct('Disapproved', { motion: u32, ayes: u32, nays: u32 }),
  /** An approved motion's call ran with the council origin; `error` is set when it failed (its changes reverted). */
  Executed: struct('Executed', { motion: u32, error: option(DispatchErrorRecord) }),
  CandidacySubmitted: struct('CandidacySubmitted', { who: AccountId, bond: u128 }),
  /** A candidate or a member withdrew (its bond returned; a member leaves the council at once). */
  Renounced: struct('Renounced', { who: AccountId, wasMember: bool }),
  VoterSet: struct('VoterSet', { who: AccountId, votes: u32, stake: u128 }),
  VoterRemoved: struct('VoterRemoved', { who: AccountId, stake: u128 }),
  /** An election seated these members. */
  NewTerm: struct('NewTerm', { members: Members }),
  /** An election backed nobody: the members stay. */
  EmptyTerm: unit,
  /** A losing candidate's bond went to the treasury. */
  CandidateSlashed: struct('CandidateSlashed', { who: AccountId, amount: u128 }),
  ParamsSet: struct('ParamsSet', { params: CouncilParams }),
});
