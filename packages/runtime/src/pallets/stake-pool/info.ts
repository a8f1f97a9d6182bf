import type { StateReader } from '../../state/overlay.js';
import { loadPool } from './pool.js';
import { StakePool } from './storage.js';
import type { PoolRecord, WithdrawRequest, WorkerStake } from './types.js';

export interface PoolInfo {
  readonly pid: number;
  readonly pool: PoolRecord;
  /** Each bound worker, in binding order, with its lock and status. */
  readonly workers: ReadonlyArray<{ readonly worker: Uint8Array; readonly stake: WorkerStake }>;
  /** Σ locked over the workers (= totalValue − freeValue). */
  readonly lockedValue: bigint;
  /** Each share holder, in the order they first contributed. */
  readonly contributors: ReadonlyArray<{ readonly who: Uint8Array; readonly shares: bigint }>;
  /** Unpaid withdrawals, oldest first. */
  readonly withdrawals: readonly WithdrawRequest[];
}

/** Everything the chain knows about a pool (bounded by the pool caps); fails for an unknown pool. */
export function poolInfo(state: StateReader, pid: number): PoolInfo {
  const pool = loadPool(state, pid);
  const workers = pool.workers.map((worker) => {
    const stake = StakePool.Workers.get(state, worker) ?? { pid, locked: 0n, status: { tag: 'Idle' as const, value: null } };
    return { worker, stake };
  });
  const contributors = (StakePool.Contributors.get(state, pid) ?? []).map((who) => ({
    who,
    shares: StakePool.Shares.get(state, [pid, who]) ?? 0n,
  }));
  return {
    pid,
    pool,
    workers,
    lockedValue: workers.reduce((sum, { stake }) => sum + stake.locked, 0n),
    contributors,
    withdrawals: StakePool.Withdrawals.get(state, pid) ?? [],
  };
}
