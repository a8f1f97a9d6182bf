import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { assertCommission, ownedPool } from './pool.js';
import { StakePool } from './storage.js';

/** Owner: the share of rewards the owner keeps, in parts per million (takes effect on later rewards). */
export function setCommission(ctx: CallContext, args: { pid: number; commission: number }): void {
  const pool = ownedPool(ctx.state, args.pid, ensureSigned(ctx.origin));
  assertCommission(args.commission);
  StakePool.Pools.set(ctx.state, args.pid, { ...pool, commission: args.commission });
  ctx.emit({ tag: 'StakePool', value: { tag: 'CommissionSet', value: args } });
}
