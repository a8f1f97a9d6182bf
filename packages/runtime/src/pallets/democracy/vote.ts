import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold } from '../balances/currency.js';
import { releaseHeld } from './release.js';
import { Democracy, paramsOf } from './storage.js';
import { type AccountVote, DEMOCRACY_LIMITS, type ReferendumInfo, type Tally, weightedVotes } from './types.js';

const fail = palletErrors('Democracy');

type Ongoing = Extract<ReferendumInfo, { tag: 'Ongoing' }>['value'];

/** The ongoing referendum `index`, or a typed failure. */
export function ongoing(ctx: Pick<CallContext, 'state'>, index: number): Ongoing {
  const info = Democracy.ReferendumInfoOf.get(ctx.state, index);
  if (info === undefined) throw fail('ReferendumMissing', `there is no referendum ${index}`);
  if (info.tag !== 'Ongoing') throw fail('ReferendumFinished', `referendum ${index} has ended`);
  return info.value;
}

/** The tally with `vote` added (sign 1n) or taken out (sign -1n). */
export function applyVote(tally: Tally, vote: AccountVote, sign: 1n | -1n): Tally {
  const weight = weightedVotes(vote.balance, vote.conviction) * sign;
  return {
    ayes: vote.aye ? tally.ayes + weight : tally.ayes,
    nays: vote.aye ? tally.nays : tally.nays + weight,
    turnout: tally.turnout + vote.balance * sign,
  };
}

/**
 * Votes on an ongoing referendum; a second vote on it replaces the first. The voted balance is
 * reserved (our balances have no locks: a reserve is the simple, conserving stand-in, so the same
 * tokens cannot back two votes at once) and stays reserved after the end for
 * conviction × EnactmentPeriod blocks (see `unlock`).
 */
export function vote(ctx: CallContext, args: { referendum: number; aye: boolean; balance: bigint; conviction: number }): void {
  const voter = ensureSigned(ctx.origin);
  const info = ongoing(ctx, args.referendum);
  if (args.conviction > DEMOCRACY_LIMITS.maxConviction) {
    throw fail('InvalidConviction', `conviction is 0..=${DEMOCRACY_LIMITS.maxConviction}, not ${args.conviction}`);
  }
  if (args.balance <= 0n) throw fail('ZeroBalance', 'a vote needs a positive balance');
  const votes = Democracy.VotingOf.get(ctx.state, voter) ?? [];
  const at = votes.findIndex((v) => v.referendum === args.referendum);
  const { maxVotesPerAccount } = paramsOf(ctx.state);
  if (at < 0 && votes.length >= maxVotesPerAccount) {
    throw fail('TooManyVotes', `an account holds at most ${maxVotesPerAccount} votes (unlock or remove old ones)`);
  }
  const next: AccountVote = { referendum: args.referendum, aye: args.aye, balance: args.balance, conviction: args.conviction };
  let tally = info.tally;
  const old = votes[at];
  if (old !== undefined) {
    releaseHeld(ctx, voter, old.balance);
    tally = applyVote(tally, old, -1n);
  }
  hold(ctx, voter, next.balance);
  tally = applyVote(tally, next, 1n);
  const updated = [...votes];
  if (at < 0) updated.push(next);
  else updated[at] = next;
  Democracy.VotingOf.set(ctx.state, voter, updated);
  Democracy.ReferendumInfoOf.set(ctx.state, args.referendum, { tag: 'Ongoing', value: { ...info, tally } });
  ctx.emit({ tag: 'Democracy', value: { tag: 'Voted', value: { ...args, voter } } });
}
