import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { boundWorker, fail, minWorkerStake, ownedPool } from './pool.js';
import { StakePool } from './storage.js';

/**
 * Owner: locks `stake` of the pool's free value behind an idle bound worker (at least
 * `MinWorkerStake`, and more than zero). Refused while withdrawals wait: free value is theirs first.
 */
export function startWorker(ctx: CallContext, args: { pid: number; worker: Uint8Array; stake: bigint }): void {
  const { pid, worker, stake } = args;
  const pool = ownedPool(ctx.state, pid, ensureSigned(ctx.origin));
  const current = boundWorker(ctx.state, pid, worker);
  if (current.status.tag !== 'Idle') throw fail('WorkerNotIdle', 'the worker is running or its stake is not released yet');
  const min = minWorkerStake(ctx.state);
  if (stake === 0n || stake < min) throw fail('StakeTooLow', `a worker needs a positive stake of at least ${min}`);
  if (stake > pool.freeValue) throw fail('InsufficientFreeValue', `the pool has ${pool.freeValue} free, less than ${stake}`);
  if (StakePool.Withdrawals.has(ctx.state, pid)) {
    throw fail('WithdrawalsPending', 'withdrawals are waiting for free value: they are paid before stake is locked');
  }
  StakePool.Workers.set(ctx.state, worker, { pid, locked: stake, status: { tag: 'Running', value: null } });
  StakePool.Pools.set(ctx.state, pid, { ...pool, freeValue: pool.freeValue - stake });
  ctx.emit({ tag: 'StakePool', value: { tag: 'WorkerStarted', value: { pid, worker, stake } } });
}
