import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { Registry } from '../registry/storage.js';
import { fail, ownedPool } from './pool.js';
import { StakePool } from './storage.js';
import { STAKE_POOL_LIMITS } from './types.js';

/** Owner: binds a registered worker whose operator is the owner, and which is in no pool yet. */
export function addWorker(ctx: CallContext, args: { pid: number; worker: Uint8Array }): void {
  const owner = ensureSigned(ctx.origin);
  const pool = ownedPool(ctx.state, args.pid, owner);
  const record = Registry.Workers.get(ctx.state, args.worker);
  if (record === undefined) throw fail('WorkerNotRegistered', 'the worker is not registered');
  if (!equalBytes(record.operator, owner))
    throw fail('NotWorkerOperator', "the pool owner is not the worker's registered operator");
  if (StakePool.Workers.has(ctx.state, args.worker)) throw fail('WorkerInPool', 'the worker is bound to a pool already');
  if (pool.workers.length >= STAKE_POOL_LIMITS.maxWorkers) {
    throw fail('TooManyWorkers', `a pool has at most ${STAKE_POOL_LIMITS.maxWorkers} workers`);
  }
  StakePool.Pools.set(ctx.state, args.pid, { ...pool, workers: [...pool.workers, args.worker] });
  StakePool.Workers.set(ctx.state, args.worker, { pid: args.pid, locked: 0n, status: { tag: 'Idle', value: null } });
  ctx.emit({ tag: 'StakePool', value: { tag: 'WorkerAdded', value: args } });
}
