import { AccountId } from '@phalanx/primitives';
import { bool, enumOf, option, struct, u8, u32, u128 } from '@phalanx/scale';
import { DispatchErrorRecord } from '../../dispatch/error.js';
import { DemocracyParams, Tally, VoteThreshold } from './types.js';

export const DemocracyEvent = enumOf('DemocracyEvent', {
  Proposed: struct('Proposed', { proposal: u32, proposer: AccountId, deposit: u128 }),
  Seconded: struct('Seconded', { proposal: u32, seconder: AccountId, deposit: u128 }),
  /** A public proposal became a referendum (its deposits were returned). */
  Started: struct('Started', { referendum: u32, proposal: u32, end: u32, threshold: VoteThreshold }),
  Voted: struct('Voted', { referendum: u32, voter: AccountId, aye: bool, balance: u128, conviction: u8 }),
  VoteRemoved: struct('VoteRemoved', { referendum: u32, voter: AccountId }),
  Passed: struct('Passed', { referendum: u32, tally: Tally, enactAt: u32 }),
  NotPassed: struct('NotPassed', { referendum: u32, tally: Tally }),
  /** A passed referendum's call ran with Root; `error` is set when it failed (its changes reverted). */
  Executed: struct('Executed', { referendum: u32, error: option(DispatchErrorRecord) }),
  Unlocked: struct('Unlocked', { voter: AccountId, amount: u128 }),
  ParamsSet: DemocracyParams,
  /** The council put an external proposal up for the next external launch. */
  ExternalProposed: struct('ExternalProposed', { threshold: VoteThreshold }),
  /** A referendum's voting was shortened to end at `end` (a fast-tracked proposal also emits `Started`). */
  FastTracked: struct('FastTracked', { referendum: u32, end: u32 }),
  Cancelled: struct('Cancelled', { referendum: u32 }),
});
