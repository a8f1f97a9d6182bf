import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureCouncil } from '../../dispatch/origin.js';
import { COUNCIL_DEMOCRACY_ORIGIN } from './council-origin.js';
import { roomForReferendum, tableExternal, tablePublic } from './start.js';
import { Democracy } from './storage.js';
import { DEMOCRACY_LIMITS, type FastTrackTarget } from './types.js';
import { ongoing } from './vote.js';

const fail = palletErrors('Democracy');

/**
 * Council ≥ 2/3 or root (Substrate's `fast_track`): a public proposal or the external proposal
 * becomes a referendum now, or a running referendum ends sooner; either way voting ends
 * `votingPeriod` blocks from this one.
 */
export function fastTrack(ctx: CallContext, args: { target: FastTrackTarget; votingPeriod: number }): void {
  ensureCouncil(ctx.origin, COUNCIL_DEMOCRACY_ORIGIN.numerator, COUNCIL_DEMOCRACY_ORIGIN.denominator);
  if (args.votingPeriod < 1) throw fail('InvalidVotingPeriod', 'a fast-tracked referendum is open at least 1 block');
  const end = ctx.block.number + args.votingPeriod;
  const { target } = args;
  if (target.tag === 'Referendum') {
    const info = ongoing(ctx, target.value);
    if (end >= info.end) {
      throw fail('NotShorter', `referendum ${target.value} ends at block ${info.end} already, not later than ${end}`);
    }
    Democracy.ReferendumInfoOf.set(ctx.state, target.value, { tag: 'Ongoing', value: { ...info, end } });
    ctx.emit({ tag: 'Democracy', value: { tag: 'FastTracked', value: { referendum: target.value, end } } });
    return;
  }
  if (!roomForReferendum(ctx)) {
    throw fail('TooManyReferenda', `at most ${DEMOCRACY_LIMITS.maxOngoing} referenda run at once`);
  }
  let referendum: number | undefined;
  if (target.tag === 'Proposal') {
    const chosen = Democracy.PublicProps.getOr(ctx.state, []).find((p) => p.index === target.value);
    if (chosen === undefined) throw fail('ProposalMissing', `no public proposal ${target.value} is waiting`);
    referendum = tablePublic(ctx, chosen, end);
  } else {
    referendum = tableExternal(ctx, end);
    if (referendum === undefined) throw fail('NoExternalProposal', 'no external proposal is waiting (externalPropose first)');
  }
  ctx.emit({ tag: 'Democracy', value: { tag: 'FastTracked', value: { referendum, end } } });
}
