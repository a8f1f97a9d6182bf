import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, type Infer, option, struct, u32, u128, unit, vec } from '@phalanx/scale';

/** Caps that bound what one pool may make the chain store (each refused with a typed error). */
export const STAKE_POOL_LIMITS = {
  /** Workers bound to one pool. */
  maxWorkers: 64,
  /** Accounts holding shares of one pool (the `Contributors` list is rewritten on each new one). */
  maxContributors: 512,
  /** Unpaid withdrawal requests of one pool. */
  maxQueue: 64,
  /** Pools whose withdrawal deadline falls on one block (`Deadlines`). */
  maxDeadlinesPerBlock: 4096,
  /** Workers whose stake is released at one block (`Releases`). */
  maxReleasesPerBlock: 4096,
  /** Largest `WithdrawCooldown`: about 70 days of 6-second blocks; keeps block + cooldown within u32. */
  maxWithdrawCooldown: 1_000_000,
  /** Commission is in parts per million. */
  commissionScale: 1_000_000,
} as const;

/** Without a genesis `stakePool` section: no minimum stake, 100 blocks of cooldown. */
export const DEFAULT_STAKE_POOL_PARAMS = Object.freeze({ minWorkerStake: 0n, withdrawCooldown: 100 });

/**
 * A pool. `totalValue` is what its shares are worth together: `freeValue` plus the stake locked
 * behind its workers. A reward (issue 12 item 2) adds to `totalValue` and `freeValue` and so raises
 * the share price; a slash lowers `totalValue` and the slashed worker's lock.
 */
export const PoolRecord = struct('PoolRecord', {
  owner: AccountId,
  /** Parts per million of rewards the owner keeps (item 2). */
  commission: u32,
  /** Most total value contributions may bring the pool to (none: unlimited). */
  capacity: option(u128),
  totalValue: u128,
  freeValue: u128,
  totalShares: u128,
  /** Bound workers, in binding order (the order forced stops take them in). */
  workers: vec(PublicKey, STAKE_POOL_LIMITS.maxWorkers, 32),
});
export type PoolRecord = Infer<typeof PoolRecord>;

/** What a bound worker is doing with its stake. */
export const WorkerStatus = enumOf('WorkerStatus', {
  /** No stake locked. */
  Idle: unit,
  /** Stake locked; the worker may serve clusters. */
  Running: unit,
  /** Stopped: the stake stays locked until `releaseAt`, when the hook frees it. */
  Stopping: struct('Stopping', { releaseAt: u32 }),
});
export type WorkerStatus = Infer<typeof WorkerStatus>;

/** A worker bound to a pool, and the stake locked behind it. */
export const WorkerStake = struct('WorkerStake', { pid: u32, locked: u128, status: WorkerStatus });
export type WorkerStake = Infer<typeof WorkerStake>;

/** An unpaid withdrawal: shares taken from `who` (still counted in `totalShares`), paid at the price when paid. */
export const WithdrawRequest = struct('WithdrawRequest', { who: AccountId, shares: u128, queuedAt: u32, dueAt: u32 });
export type WithdrawRequest = Infer<typeof WithdrawRequest>;
