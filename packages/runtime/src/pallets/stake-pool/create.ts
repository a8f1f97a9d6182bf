import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { assertCommission, fail } from './pool.js';
import { StakePool } from './storage.js';

const MAX_POOL_ID = 0xffff_ffff;

/** Creates an empty pool owned by the caller; its id is the next of a counter. */
export function createPool(ctx: CallContext, args: { commission: number; capacity: bigint | undefined }): void {
  const owner = ensureSigned(ctx.origin);
  assertCommission(args.commission);
  const pid = StakePool.NextPoolId.get(ctx.state) ?? 0;
  if (pid === MAX_POOL_ID) throw fail('TooManyPools', 'every pool id is taken');
  const { commission, capacity } = args;
  StakePool.NextPoolId.set(ctx.state, pid + 1);
  StakePool.Pools.set(ctx.state, pid, {
    owner,
    commission,
    capacity,
    totalValue: 0n,
    freeValue: 0n,
    totalShares: 0n,
    workers: [],
  });
  ctx.emit({ tag: 'StakePool', value: { tag: 'PoolCreated', value: { pid, owner, commission, capacity } } });
}
