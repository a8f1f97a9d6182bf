import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold, releaseHold } from '../balances/currency.js';
import { ensureElections } from './candidacy.js';
import { fail } from './params.js';
import { Council, includesAccount, membersOf, sameAccount } from './storage.js';
import { COUNCIL_LIMITS } from './types.js';

/**
 * Backs up to 16 candidates (or members, who stand again) with `stake`, held until `removeVoter`
 * (pallet-elections-phragmen's `vote`). Voting again replaces the votes and the stake.
 */
export function voteCandidates(ctx: CallContext, args: { votes: Uint8Array[]; stake: bigint }): void {
  const who = ensureSigned(ctx.origin);
  ensureElections(ctx);
  if (args.votes.length === 0) throw fail('NoVotes', 'vote for at least one candidate');
  if (args.votes.length > COUNCIL_LIMITS.maxVotesPerVoter) {
    throw fail('TooManyVotes', `a voter backs at most ${COUNCIL_LIMITS.maxVotesPerVoter} candidates`);
  }
  const standing = [...membersOf(ctx.state), ...Council.Candidates.getOr(ctx.state, [])];
  for (const [i, candidate] of args.votes.entries()) {
    if (args.votes.slice(0, i).some((x) => sameAccount(x, candidate))) throw fail('DuplicateVote', 'a candidate is listed twice');
    if (!includesAccount(standing, candidate)) throw fail('NotCandidate', `votes[${i}] is neither a candidate nor a member`);
  }
  if (args.stake <= 0n) throw fail('ZeroStake', 'a vote needs a positive stake');
  const voters = Council.Voters.getOr(ctx.state, []);
  const old = Council.Voting.get(ctx.state, who);
  if (old === undefined && voters.length >= COUNCIL_LIMITS.maxVoters) {
    throw fail('TooManyVoters', `at most ${COUNCIL_LIMITS.maxVoters} accounts vote at once`);
  }
  if (old !== undefined) releaseHold(ctx, who, old.stake);
  hold(ctx, who, args.stake);
  Council.Voting.set(ctx.state, who, { votes: args.votes, stake: args.stake });
  if (old === undefined) Council.Voters.set(ctx.state, [...voters, who]);
  ctx.emit({ tag: 'Council', value: { tag: 'VoterSet', value: { who, votes: args.votes.length, stake: args.stake } } });
}

/** Withdraws the caller's election votes and returns the stake held behind them. */
export function removeVoter(ctx: CallContext): void {
  const who = ensureSigned(ctx.origin);
  const old = Council.Voting.get(ctx.state, who);
  if (old === undefined) throw fail('NotVoter', 'this account has no election votes');
  releaseHold(ctx, who, old.stake);
  Council.Voting.remove(ctx.state, who);
  const rest = Council.Voters.getOr(ctx.state, []).filter((x) => !sameAccount(x, who));
  if (rest.length === 0) Council.Voters.remove(ctx.state);
  else Council.Voters.set(ctx.state, rest);
  ctx.emit({ tag: 'Council', value: { tag: 'VoterRemoved', value: { who, stake: old.stake } } });
}
