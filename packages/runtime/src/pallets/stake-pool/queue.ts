import type { CallContext } from '../../dispatch/context.js';
import type { Overlay } from '../../state/overlay.js';
import { deposit } from '../balances/currency.js';
import { changePoolValue, fail, valueOfShares } from './pool.js';
import { StakePool } from './storage.js';
import { STAKE_POOL_LIMITS } from './types.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/**
 * Pays the pool's withdrawal queue, oldest first, each request in full at the current price, while
 * the free value covers the oldest. A request that does not fit blocks the ones behind it (strict
 * order: a large early request is not overtaken); its deadline forces stake free (`forceStops`).
 */
export function payQueue(ctx: Ctx, pid: number): void {
  const queue = StakePool.Withdrawals.get(ctx.state, pid);
  if (queue === undefined) return;
  let pool = StakePool.Pools.get(ctx.state, pid);
  if (pool === undefined) return;
  let paid = 0;
  for (const request of queue) {
    const amount = valueOfShares(pool, request.shares);
    if (amount > pool.freeValue) break;
    pool = { ...changePoolValue(ctx.state, pool, -amount), totalShares: pool.totalShares - request.shares };
    deposit(ctx, request.who, amount);
    ctx.emit({ tag: 'StakePool', value: { tag: 'Withdrawn', value: { pid, who: request.who, shares: request.shares, amount } } });
    paid++;
  }
  if (paid === 0) return;
  StakePool.Pools.set(ctx.state, pid, pool);
  if (paid === queue.length) StakePool.Withdrawals.remove(ctx.state, pid);
  else StakePool.Withdrawals.set(ctx.state, pid, queue.slice(paid));
}

/** Frees the stake locked behind a worker into its pool's free value (the worker becomes idle). */
export function releaseStake(ctx: Ctx, worker: Uint8Array): void {
  const stake = StakePool.Workers.get(ctx.state, worker);
  if (stake === undefined) return;
  const pool = StakePool.Pools.get(ctx.state, stake.pid);
  if (pool === undefined) return;
  StakePool.Workers.set(ctx.state, worker, { pid: stake.pid, locked: 0n, status: { tag: 'Idle', value: null } });
  StakePool.Pools.set(ctx.state, stake.pid, { ...pool, freeValue: pool.freeValue + stake.locked });
  ctx.emit({ tag: 'StakePool', value: { tag: 'StakeReleased', value: { pid: stake.pid, worker, amount: stake.locked } } });
}

/**
 * The forced stop, for withdrawals unpaid at their deadline `now`: while a request due by `now` is
 * still queued, the pool's first worker (in binding order) with stake behind it — running or
 * already stopping — is stopped and its stake released at once (the contributor has waited a full
 * cooldown already), and the queue is paid again. Stops only as many workers as it needs.
 */
export function forceStops(ctx: Ctx, pid: number, now: number): void {
  payQueue(ctx, pid);
  for (;;) {
    const queue = StakePool.Withdrawals.get(ctx.state, pid) ?? [];
    if (!queue.some((request) => request.dueAt <= now)) return;
    const pool = StakePool.Pools.get(ctx.state, pid);
    const worker = pool?.workers.find((w) => (StakePool.Workers.get(ctx.state, w)?.locked ?? 0n) > 0n);
    if (worker === undefined) return; // nothing locked: every request fits the free value, so this is unreachable
    ctx.emit({ tag: 'StakePool', value: { tag: 'WorkerStopped', value: { pid, worker, releaseAt: now, forced: true } } });
    releaseStake(ctx, worker);
    payQueue(ctx, pid);
  }
}

/** Remembers that pool `pid` has a withdrawal due at block `at`. */
export function addDeadline(state: Overlay, at: number, pid: number): void {
  const pools = StakePool.Deadlines.get(state, at) ?? [];
  if (pools.includes(pid)) return;
  if (pools.length >= STAKE_POOL_LIMITS.maxDeadlinesPerBlock) {
    throw fail(
      'TooManyDeadlines',
      `at most ${STAKE_POOL_LIMITS.maxDeadlinesPerBlock} pools may have withdrawals due at one block`,
    );
  }
  StakePool.Deadlines.set(state, at, [...pools, pid]);
}

/** Remembers that `worker`'s stake is released at block `at`. */
export function addRelease(state: Overlay, at: number, worker: Uint8Array): void {
  const workers = StakePool.Releases.get(state, at) ?? [];
  if (workers.length >= STAKE_POOL_LIMITS.maxReleasesPerBlock) {
    throw fail('TooManyReleases', `at most ${STAKE_POOL_LIMITS.maxReleasesPerBlock} workers may be released at one block`);
  }
  StakePool.Releases.set(state, at, [...workers, worker]);
}
