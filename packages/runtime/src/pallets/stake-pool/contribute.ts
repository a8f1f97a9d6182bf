import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { withdraw as withdrawBalance } from '../balances/currency.js';
import { readAccount } from '../system/account.js';
import { changePoolValue, fail, loadPool, sharesOf, writeShares } from './pool.js';
import { payQueue } from './queue.js';
import { StakePool } from './storage.js';
import { type PoolRecord, STAKE_POOL_LIMITS } from './types.js';

/**
 * Shares `amount` buys at the pool's current price: 1:1 while no shares exist (any dust left in
 * the pool then goes to the new holder), else floor(amount × totalShares / totalValue) — rounding
 * down, so the remainder stays with the pool's holders and no value is created.
 */
export function sharesFor(pool: PoolRecord, amount: bigint): bigint {
  if (pool.totalShares === 0n) return amount;
  if (pool.totalValue === 0n)
    throw fail('PoolWorthless', 'the pool has shares but no value (slashed to zero): it takes no contributions');
  return (amount * pool.totalShares) / pool.totalValue;
}

/** Moves `amount` of the caller's free balance into the pool for shares, then pays the queue from it. */
export function contribute(ctx: CallContext, args: { pid: number; amount: bigint }): void {
  const who = ensureSigned(ctx.origin);
  const { pid, amount } = args;
  const pool = loadPool(ctx.state, pid);
  if (amount === 0n) throw fail('ZeroAmount', 'contribute a positive amount');
  if (pool.capacity !== undefined && pool.totalValue + amount > pool.capacity) {
    throw fail('CapacityExceeded', `the pool holds ${pool.totalValue} of its capacity ${pool.capacity}`);
  }
  const shares = sharesFor(pool, amount);
  if (shares === 0n) throw fail('ZeroShares', 'the amount is worth less than one share at the current price');
  const held = sharesOf(ctx.state, pid, who);
  const contributors = StakePool.Contributors.get(ctx.state, pid) ?? [];
  if (held === 0n && contributors.length >= STAKE_POOL_LIMITS.maxContributors) {
    throw fail('TooManyContributors', `a pool has at most ${STAKE_POOL_LIMITS.maxContributors} contributors`);
  }
  const free = readAccount(ctx.state, who).free;
  if (free < amount) throw fail('InsufficientBalance', `free balance ${free} is less than ${amount}`);
  // Every precondition holds: nothing below fails.
  withdrawBalance(ctx, who, amount);
  writeShares(ctx.state, pid, who, held + shares);
  StakePool.Pools.set(ctx.state, pid, { ...changePoolValue(ctx.state, pool, amount), totalShares: pool.totalShares + shares });
  ctx.emit({ tag: 'StakePool', value: { tag: 'Contributed', value: { pid, who, amount, shares } } });
  payQueue(ctx, pid);
}
