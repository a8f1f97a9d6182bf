import type { CallContext } from '../../dispatch/context.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { fail } from './pool.js';
import { StakePool } from './storage.js';
import { STAKE_POOL_LIMITS } from './types.js';

export interface StakePoolParams {
  readonly minWorkerStake: bigint;
  readonly withdrawCooldown: number;
}

/** Why these parameters are refused, or undefined. */
export function paramsProblem(params: StakePoolParams): string | undefined {
  if (params.withdrawCooldown > STAKE_POOL_LIMITS.maxWithdrawCooldown) {
    return `the withdraw cooldown is at most ${STAKE_POOL_LIMITS.maxWithdrawCooldown} blocks`;
  }
  return undefined;
}

/**
 * Root: the chain parameters. A new cooldown applies to later stops and withdrawals; a new
 * minimum to later starts and cluster assignments (running workers keep their stake).
 */
export function setParams(ctx: CallContext, params: StakePoolParams): void {
  ensureRoot(ctx.origin);
  const problem = paramsProblem(params);
  if (problem !== undefined) throw fail('InvalidParams', problem);
  StakePool.MinWorkerStake.set(ctx.state, params.minWorkerStake);
  StakePool.WithdrawCooldown.set(ctx.state, params.withdrawCooldown);
  ctx.emit({ tag: 'StakePool', value: { tag: 'ParamsSet', value: { ...params } } });
}
