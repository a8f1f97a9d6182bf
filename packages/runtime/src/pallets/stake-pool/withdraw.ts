import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { fail, loadPool, sharesOf, valueOfShares, withdrawCooldown, writeShares } from './pool.js';
import { addDeadline, forceStops, payQueue } from './queue.js';
import { StakePool } from './storage.js';
import { STAKE_POOL_LIMITS } from './types.js';

/**
 * Redeems some of the caller's shares. They leave the caller's holding at once and join the
 * pool's queue; the queue is paid oldest first at the price of the moment of payment (so a reward
 * or slash meanwhile counts), at once if the free value suffices and nobody waits ahead. A request
 * unpaid `WithdrawCooldown` blocks later forces the pool's workers to stop (see `forceStops`).
 */
export function withdraw(ctx: CallContext, args: { pid: number; shares: bigint }): void {
  const who = ensureSigned(ctx.origin);
  const { pid, shares } = args;
  const pool = loadPool(ctx.state, pid);
  const held = sharesOf(ctx.state, pid, who);
  if (shares === 0n) throw fail('ZeroShares', 'withdraw a positive number of shares');
  if (shares > held) throw fail('InsufficientShares', `the account holds ${held} shares of pool ${pid}`);
  if (valueOfShares(pool, shares) === 0n) throw fail('ZeroAmount', 'the shares are worth nothing at the current price');
  const queue = StakePool.Withdrawals.get(ctx.state, pid) ?? [];
  if (queue.length >= STAKE_POOL_LIMITS.maxQueue) {
    throw fail('QueueFull', `pool ${pid} has ${STAKE_POOL_LIMITS.maxQueue} unpaid withdrawals: wait for them to be paid`);
  }
  const now = ctx.block.number;
  const dueAt = now + withdrawCooldown(ctx.state);
  const paysAtOnce = queue.length === 0 && valueOfShares(pool, shares) <= pool.freeValue;
  if (!paysAtOnce && dueAt > now) addDeadline(ctx.state, dueAt, pid); // the only step that may refuse: first
  writeShares(ctx.state, pid, who, held - shares);
  StakePool.Withdrawals.set(ctx.state, pid, [...queue, { who, shares, queuedAt: now, dueAt }]);
  if (paysAtOnce) return payQueue(ctx, pid);
  ctx.emit({ tag: 'StakePool', value: { tag: 'WithdrawalQueued', value: { pid, who, shares, dueAt } } });
  if (dueAt === now) forceStops(ctx, pid, now); // no cooldown: the deadline is now
}
