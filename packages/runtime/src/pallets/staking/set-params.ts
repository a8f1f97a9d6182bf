import type { CallContext } from '../../dispatch/context.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { fail } from './ledger.js';
import { Staking } from './storage.js';
import { type StakingParams, stakingParamsProblem } from './types.js';

/**
 * Root: the chain parameters. They apply from the next block: a new era length counts from the
 * current era's start (so a shorter one may end the era at once); counts apply to the next election.
 */
export function setParams(ctx: CallContext, args: { params: StakingParams }): void {
  ensureRoot(ctx.origin);
  const problem = stakingParamsProblem(args.params);
  if (problem !== undefined) throw fail('InvalidParams', problem);
  Staking.Params.set(ctx.state, args.params);
  ctx.emit({ tag: 'Staking', value: { tag: 'ParamsSet', value: { params: args.params } } });
}
