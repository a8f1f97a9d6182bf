import type { CouncilCall } from '../../call.js';
import type { CallContext } from '../../dispatch/context.js';
import { renounceCandidacy, submitCandidacy } from './candidacy.js';
import { closeMotion } from './close.js';
import { setCouncilParams } from './params.js';
import { proposeMotion } from './propose.js';
import { voteMotion } from './vote.js';
import { removeVoter, voteCandidates } from './voter.js';

/** Routes a council call to its handler. */
export function dispatchCouncil(ctx: CallContext, call: CouncilCall): void {
  switch (call.tag) {
    case 'propose':
      return proposeMotion(ctx, call.value);
    case 'vote':
      return voteMotion(ctx, call.value);
    case 'close':
      return closeMotion(ctx, call.value);
    case 'submitCandidacy':
      return submitCandidacy(ctx);
    case 'renounceCandidacy':
      return renounceCandidacy(ctx);
    case 'voteCandidates':
      return voteCandidates(ctx, call.value);
    case 'removeVoter':
      return removeVoter(ctx);
    case 'setParams':
      return setCouncilParams(ctx, call.value);
  }
}
