import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { ownedPool } from './pool.js';
import { StakePool } from './storage.js';

/**
 * Owner: the most total value contributions may bring the pool to (none: unlimited). A capacity
 * below the current value is allowed: it only refuses further contributions.
 */
export function setCapacity(ctx: CallContext, args: { pid: number; capacity: bigint | undefined }): void {
  const pool = ownedPool(ctx.state, args.pid, ensureSigned(ctx.origin));
  StakePool.Pools.set(ctx.state, args.pid, { ...pool, capacity: args.capacity });
  ctx.emit({ tag: 'StakePool', value: { tag: 'CapacitySet', value: args } });
}
