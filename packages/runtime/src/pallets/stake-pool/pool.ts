import { equalBytes } from '@phalanx/crypto';
import { palletErrors } from '../../dispatch/error.js';
import type { Overlay, StateReader } from '../../state/overlay.js';
import { StakePool } from './storage.js';
import { DEFAULT_STAKE_POOL_PARAMS, type PoolRecord, STAKE_POOL_LIMITS, type WorkerStake } from './types.js';

export const fail = palletErrors('StakePool');

export function minWorkerStake(state: StateReader): bigint {
  return StakePool.MinWorkerStake.get(state) ?? DEFAULT_STAKE_POOL_PARAMS.minWorkerStake;
}

export function withdrawCooldown(state: StateReader): number {
  return StakePool.WithdrawCooldown.get(state) ?? DEFAULT_STAKE_POOL_PARAMS.withdrawCooldown;
}

export function loadPool(state: StateReader, pid: number): PoolRecord {
  const pool = StakePool.Pools.get(state, pid);
  if (pool === undefined) throw fail('PoolNotFound', `no pool has id ${pid}`);
  return pool;
}

/** The pool, if `who` owns it. */
export function ownedPool(state: StateReader, pid: number, who: Uint8Array): PoolRecord {
  const pool = loadPool(state, pid);
  if (!equalBytes(pool.owner, who)) throw fail('NotPoolOwner', `only the owner of pool ${pid} may do this`);
  return pool;
}

/** A worker bound to pool `pid`. */
export function boundWorker(state: StateReader, pid: number, worker: Uint8Array): WorkerStake {
  const stake = StakePool.Workers.get(state, worker);
  if (stake === undefined || stake.pid !== pid) throw fail('WorkerNotInPool', `the worker is not bound to pool ${pid}`);
  return stake;
}

export function assertCommission(commission: number): void {
  if (commission > STAKE_POOL_LIMITS.commissionScale) {
    throw fail('InvalidCommission', `commission is in parts per million: at most ${STAKE_POOL_LIMITS.commissionScale}`);
  }
}

/**
 * What `shares` are worth now: floor(shares × totalValue / totalShares). Rounding down keeps the
 * remainder (dust) in the pool, where it raises the price of the shares left.
 */
export function valueOfShares(pool: PoolRecord, shares: bigint): bigint {
  return pool.totalShares === 0n ? 0n : (shares * pool.totalValue) / pool.totalShares;
}

export function sharesOf(state: StateReader, pid: number, who: Uint8Array): bigint {
  return StakePool.Shares.get(state, [pid, who]) ?? 0n;
}

/**
 * Writes an account's shares, keeping `Contributors` in step (an account with none leaves it).
 * Refuses a new contributor beyond the cap before writing anything.
 */
export function writeShares(state: Overlay, pid: number, who: Uint8Array, shares: bigint): void {
  const had = StakePool.Shares.has(state, [pid, who]);
  const list = StakePool.Contributors.get(state, pid) ?? [];
  if (shares > 0n && !had) {
    if (list.length >= STAKE_POOL_LIMITS.maxContributors) {
      throw fail('TooManyContributors', `a pool has at most ${STAKE_POOL_LIMITS.maxContributors} contributors`);
    }
    StakePool.Contributors.set(state, pid, [...list, who]);
  }
  if (shares > 0n) {
    StakePool.Shares.set(state, [pid, who], shares);
    return;
  }
  if (!had) return;
  StakePool.Shares.remove(state, [pid, who]);
  const rest = list.filter((account) => !equalBytes(account, who));
  if (rest.length === 0) StakePool.Contributors.remove(state, pid);
  else StakePool.Contributors.set(state, pid, rest);
}

/** Changes a pool's value by `delta` (free value with it) and the chain-wide aggregate alike. */
export function changePoolValue(state: Overlay, pool: PoolRecord, delta: bigint): PoolRecord {
  const total = StakePool.TotalValue.get(state) ?? 0n;
  StakePool.TotalValue.set(state, total + delta);
  return { ...pool, totalValue: pool.totalValue + delta, freeValue: pool.freeValue + delta };
}
