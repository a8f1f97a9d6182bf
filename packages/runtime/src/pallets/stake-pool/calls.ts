import { PublicKey } from '@phalanx/primitives';
import { enumOf, option, struct, u32, u128 } from '@phalanx/scale';

/** Stake-pool calls (RuntimeCall variant 7). Variant order is part of the encoding: append only. */
export const StakePoolCall = enumOf('StakePoolCall', {
  /** Creates a pool owned by the caller (commission in parts per million). */
  create: struct('create', { commission: u32, capacity: option(u128) }),
  setCommission: struct('setCommission', { pid: u32, commission: u32 }),
  setCapacity: struct('setCapacity', { pid: u32, capacity: option(u128) }),
  /** Binds a worker the owner operates. */
  addWorker: struct('addWorker', { pid: u32, worker: PublicKey }),
  /** Unbinds an idle worker (no stake locked behind it). */
  removeWorker: struct('removeWorker', { pid: u32, worker: PublicKey }),
  contribute: struct('contribute', { pid: u32, amount: u128 }),
  startWorker: struct('startWorker', { pid: u32, worker: PublicKey, stake: u128 }),
  stopWorker: struct('stopWorker', { pid: u32, worker: PublicKey }),
  withdraw: struct('withdraw', { pid: u32, shares: u128 }),
  /** Root: the chain parameters. */
  setParams: struct('setParams', { minWorkerStake: u128, withdrawCooldown: u32 }),
  /** Root: the heartbeat reward (minted per answered challenge) and the offline slash (ppm of locked stake). */
  setRewardParams: struct('setRewardParams', { heartbeatReward: u128, offlineSlash: u32 }),
  /** Root: the share (ppm of locked stake) burned from a worker proven to have signed a wrong state commit. */
  setMismatchSlash: struct('setMismatchSlash', { mismatchSlash: u32 }),
});
