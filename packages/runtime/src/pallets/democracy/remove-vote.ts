import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { releaseHeld } from './release.js';
import { Democracy } from './storage.js';
import { applyVote, ongoing } from './vote.js';

const fail = palletErrors('Democracy');

/**
 * Withdraws a vote from an ongoing referendum: out of the tally, its reserve returned at once (it
 * decided nothing). A vote on an ended referendum is released by `unlock` when its lock expires.
 */
export function removeVote(ctx: CallContext, args: { referendum: number }): void {
  const voter = ensureSigned(ctx.origin);
  const info = ongoing(ctx, args.referendum);
  const votes = Democracy.VotingOf.get(ctx.state, voter) ?? [];
  const old = votes.find((v) => v.referendum === args.referendum);
  if (old === undefined) throw fail('NotVoter', `this account has no vote on referendum ${args.referendum}`);
  releaseHeld(ctx, voter, old.balance);
  const rest = votes.filter((v) => v !== old);
  if (rest.length === 0) Democracy.VotingOf.remove(ctx.state, voter);
  else Democracy.VotingOf.set(ctx.state, voter, rest);
  const tally = applyVote(info.tally, old, -1n);
  Democracy.ReferendumInfoOf.set(ctx.state, args.referendum, { tag: 'Ongoing', value: { ...info, tally } });
  ctx.emit({ tag: 'Democracy', value: { tag: 'VoteRemoved', value: { referendum: args.referendum, voter } } });
}
