import { AccountId } from '@phalanx/primitives';
import { bool, u32, vec } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';
import {
  AccountVote,
  DEFAULT_DEMOCRACY_PARAMS,
  DEMOCRACY_LIMITS,
  DemocracyParams,
  Enactment,
  ExternalProposal,
  PublicProposal,
  ReferendumInfo,
} from './types.js';

export const Democracy = {
  /** Chain parameters (unset: `DEFAULT_DEMOCRACY_PARAMS`). */
  Params: storageValue('Democracy', 'Params', DemocracyParams),
  /** The next public proposal's index (unset = 0). */
  PublicPropCount: storageValue('Democracy', 'PublicPropCount', u32),
  /** Public proposals waiting for launch, oldest first. */
  PublicProps: storageValue('Democracy', 'PublicProps', vec(PublicProposal, DEMOCRACY_LIMITS.maxProposals, 43)),
  /** The next referendum's index (unset = 0). */
  ReferendumCount: storageValue('Democracy', 'ReferendumCount', u32),
  ReferendumInfoOf: storageMap('Democracy', 'ReferendumInfoOf', u32, ReferendumInfo),
  /** Ongoing referenda, by index (the tally hook scans these). */
  Ongoing: storageValue('Democracy', 'Ongoing', vec(u32, DEMOCRACY_LIMITS.maxOngoing, 4)),
  /** An account's votes, ongoing or kept reserved after their referendum until `unlock`. */
  VotingOf: storageMap('Democracy', 'VotingOf', AccountId, vec(AccountVote, DEMOCRACY_LIMITS.maxVotesPerAccount, 22)),
  /** Passed referenda by the block whose initialisation dispatches their call with Root. */
  Agenda: storageMap('Democracy', 'Agenda', u32, vec(Enactment, DEMOCRACY_LIMITS.maxOngoing, 5)),
  /** The council's proposal for the next external launch (`externalPropose`). */
  NextExternal: storageValue('Democracy', 'NextExternal', ExternalProposal),
  /** Whether the last launch tabled the external proposal: launches alternate between external and public. */
  LastTabledWasExternal: storageValue('Democracy', 'LastTabledWasExternal', bool),
} as const;

export function paramsOf(state: Parameters<typeof Democracy.Params.getOr>[0]): DemocracyParams {
  return Democracy.Params.getOr(state, DEFAULT_DEMOCRACY_PARAMS);
}
