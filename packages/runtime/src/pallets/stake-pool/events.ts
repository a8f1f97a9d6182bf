import { AccountId, PublicKey } from '@phalanx/primitives';
import { bool, enumOf, option, str, struct, u32, u128 } from '@phalanx/scale';

/** Stake-pool events (RuntimeEvent variant 7). Variant order is part of the encoding: append only. */
export const StakePoolEvent = enumOf('StakePoolEvent', {
  PoolCreated: struct('PoolCreated', { pid: u32, owner: AccountId, commission: u32, capacity: option(u128) }),
  CommissionSet: struct('CommissionSet', { pid: u32, commission: u32 }),
  CapacitySet: struct('CapacitySet', { pid: u32, capacity: option(u128) }),
  WorkerAdded: struct('WorkerAdded', { pid: u32, worker: PublicKey }),
  WorkerRemoved: struct('WorkerRemoved', { pid: u32, worker: PublicKey }),
  Contributed: struct('Contributed', { pid: u32, who: AccountId, amount: u128, shares: u128 }),
  /** A withdrawal waits for free value; workers are forced to stop for it at `dueAt` if still unpaid. */
  WithdrawalQueued: struct('WithdrawalQueued', { pid: u32, who: AccountId, shares: u128, dueAt: u32 }),
  Withdrawn: struct('Withdrawn', { pid: u32, who: AccountId, shares: u128, amount: u128 }),
  WorkerStarted: struct('WorkerStarted', { pid: u32, worker: PublicKey, stake: u128 }),
  /** `forced`: stopped by the hook for an overdue withdrawal (its stake is then released at once). */
  WorkerStopped: struct('WorkerStopped', { pid: u32, worker: PublicKey, releaseAt: u32, forced: bool }),
  StakeReleased: struct('StakeReleased', { pid: u32, worker: PublicKey, amount: u128 }),
  ParamsSet: struct('ParamsSet', { minWorkerStake: u128, withdrawCooldown: u32 }),
  /** A heartbeat reward: minted, `commission` to the owner, the rest into the pool's value. */
  Rewarded: struct('Rewarded', { pid: u32, worker: PublicKey, reward: u128, commission: u128 }),
  /** Stake burned from behind a worker (`reason`: "offline", "late" or "commit-mismatch"). */
  Slashed: struct('Slashed', { pid: u32, worker: PublicKey, amount: u128, reason: str(32) }),
  RewardParamsSet: struct('RewardParamsSet', { heartbeatReward: u128, offlineSlash: u32 }),
  PenaltyParamsSet: struct('PenaltyParamsSet', { lateSlash: u32, mismatchSlash: u32 }),
});
