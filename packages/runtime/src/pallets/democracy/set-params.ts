import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Democracy } from './storage.js';
import { DEMOCRACY_LIMITS, type DemocracyParams } from './types.js';

const fail = palletErrors('Democracy');

/** Refuses parameters the pallet cannot work with; the message names the field. */
export function checkParams(p: DemocracyParams): string | undefined {
  if (p.launchPeriod < 1) return 'launchPeriod must be at least 1 block';
  if (p.votingPeriod < 1) return 'votingPeriod must be at least 1 block';
  if (p.enactmentPeriod < 1) return 'enactmentPeriod must be at least 1 block';
  if (p.minimumDeposit < 1n) return 'minimumDeposit must be positive';
  if (p.maxProposals < 1 || p.maxProposals > DEMOCRACY_LIMITS.maxProposals)
    return `maxProposals must be within 1..=${DEMOCRACY_LIMITS.maxProposals}`;
  if (p.maxVotesPerAccount < 1 || p.maxVotesPerAccount > DEMOCRACY_LIMITS.maxVotesPerAccount)
    return `maxVotesPerAccount must be within 1..=${DEMOCRACY_LIMITS.maxVotesPerAccount}`;
  return undefined;
}

/** Root: replaces the parameters (they apply from the next hook or call on). */
export function setParams(ctx: CallContext, args: { params: DemocracyParams }): void {
  ensureRoot(ctx.origin);
  const problem = checkParams(args.params);
  if (problem !== undefined) throw fail('InvalidParams', problem);
  Democracy.Params.set(ctx.state, args.params);
  ctx.emit({ tag: 'Democracy', value: { tag: 'ParamsSet', value: args.params } });
}
