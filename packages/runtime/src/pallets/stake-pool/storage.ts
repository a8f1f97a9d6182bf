import { AccountId, PublicKey } from '@phalanx/primitives';
import { tuple, u32, u128, vec } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';
import { PoolRecord, STAKE_POOL_LIMITS, WithdrawRequest, WorkerStake } from './types.js';

export const StakePool = {
  /** Least stake locked behind a worker for it to start, and to be put in a cluster (chain parameter). */
  MinWorkerStake: storageValue('StakePool', 'MinWorkerStake', u128),
  /** Blocks a stopped worker's stake stays locked, and a withdrawal may wait before workers are forced to stop. */
  WithdrawCooldown: storageValue('StakePool', 'WithdrawCooldown', u32),
  /** The next pool id (unset = 0). */
  NextPoolId: storageValue('StakePool', 'NextPoolId', u32),
  /** Minted for each heartbeat challenge a running worker answers (unset = 0: no rewards). */
  HeartbeatReward: storageValue('StakePool', 'HeartbeatReward', u128),
  /** Parts per million of a worker's locked stake burned when it is marked offline (unset = 0). */
  OfflineSlash: storageValue('StakePool', 'OfflineSlash', u32),
  /**
   * Parts per million of a worker's locked stake burned when a majority of its cluster proves it
   * signed a wrong state commit (unset = DEFAULT_MISMATCH_SLASH).
   */
  MismatchSlash: storageValue('StakePool', 'MismatchSlash', u32),
  /** The last challenge block each worker was rewarded for (one reward per challenge). */
  LastRewarded: storageMap('StakePool', 'LastRewarded', PublicKey, u32),
  Pools: storageMap('StakePool', 'Pools', u32, PoolRecord),
  /** Σ `totalValue` over every pool: value that is in no account's balance (unset = 0). */
  TotalValue: storageValue('StakePool', 'TotalValue', u128),
  /** A worker's pool and the stake behind it (a worker is in at most one pool). */
  Workers: storageMap('StakePool', 'Workers', PublicKey, WorkerStake),
  /** (pool, account) → the shares the account holds (withdrawals in the queue hold theirs apart). */
  Shares: storageMap('StakePool', 'Shares', tuple(u32, AccountId), u128),
  /** Accounts holding shares of a pool, in the order they first contributed (for `poolInfo`). */
  Contributors: storageMap('StakePool', 'Contributors', u32, vec(AccountId, STAKE_POOL_LIMITS.maxContributors, 32)),
  /** A pool's unpaid withdrawals, oldest first. */
  Withdrawals: storageMap('StakePool', 'Withdrawals', u32, vec(WithdrawRequest, STAKE_POOL_LIMITS.maxQueue, 56)),
  /** Block → pools with a withdrawal due then (the hook forces their workers to stop if it is still unpaid). */
  Deadlines: storageMap('StakePool', 'Deadlines', u32, vec(u32, STAKE_POOL_LIMITS.maxDeadlinesPerBlock, 4)),
  /** Block → workers whose stake is released then (stale entries, already released, are skipped). */
  Releases: storageMap('StakePool', 'Releases', u32, vec(PublicKey, STAKE_POOL_LIMITS.maxReleasesPerBlock, 32)),
} as const;
