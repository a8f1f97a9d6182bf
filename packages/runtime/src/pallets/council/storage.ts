import { AccountId } from '@phalanx/primitives';
import { u32, u128, vec } from '@phalanx/scale';
import type { StateReader } from '../../state/overlay.js';
import { storageMap, storageValue } from '../../state/storage.js';
import { COUNCIL_LIMITS, CouncilParams, DEFAULT_COUNCIL_PARAMS, Motion, Voter } from './types.js';

export const Council = {
  /** Chain parameters (unset: `DEFAULT_COUNCIL_PARAMS`). */
  Params: storageValue('Council', 'Params', CouncilParams),
  /** The members, in the order they were seated (genesis order, or election rank). */
  Members: storageValue('Council', 'Members', vec(AccountId, COUNCIL_LIMITS.maxMembers, 32)),
  /** The next motion's index (unset = 0). */
  MotionCount: storageValue('Council', 'MotionCount', u32),
  Motions: storageMap('Council', 'Motions', u32, Motion),
  /** Open motions, oldest first. */
  Active: storageValue('Council', 'Active', vec(u32, COUNCIL_LIMITS.maxMotions, 4)),
  /** Candidates for the next election, in submission order (members stand again without submitting). */
  Candidates: storageValue('Council', 'Candidates', vec(AccountId, COUNCIL_LIMITS.maxCandidates, 32)),
  /** The candidacy bond held of a candidate or an elected member (genesis members have none). */
  Bonds: storageMap('Council', 'Bonds', AccountId, u128),
  Voting: storageMap('Council', 'Voting', AccountId, Voter),
  /** Accounts with a `Voting` entry, in the order they first voted (the election reads them all). */
  Voters: storageValue('Council', 'Voters', vec(AccountId, COUNCIL_LIMITS.maxVoters, 32)),
} as const;

export function councilParams(state: StateReader): CouncilParams {
  return Council.Params.getOr(state, DEFAULT_COUNCIL_PARAMS);
}

export function membersOf(state: StateReader): Uint8Array[] {
  return Council.Members.getOr(state, []);
}

export const sameAccount = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

export const includesAccount = (list: readonly Uint8Array[], who: Uint8Array): boolean => list.some((x) => sameAccount(x, who));
