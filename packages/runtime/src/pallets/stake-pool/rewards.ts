import type { CallContext } from '../../dispatch/context.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { deposit } from '../balances/currency.js';
import { Balances } from '../balances/storage.js';
import { settleSlash } from '../treasury/pot.js';
import { changePoolValue, fail } from './pool.js';
import { payQueue } from './queue.js';
import { StakePool } from './storage.js';
import { STAKE_POOL_LIMITS } from './types.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/**
 * The reward and penalty parameters (root: `setRewardParams`; none at genesis = no rewards, no
 * slashes). `heartbeatReward` is **minted** for each heartbeat challenge a running worker answers
 * (the reward budget is new issuance, `Balances.TotalIssuance` grows by it); `offlineSlash` is the
 * share (parts per million) of the stake locked behind a worker that is **slashed** when the chain
 * marks it offline (the treasury's `slashShare` of it to the pot, the rest burned). Both keep total
 * issuance = Σ free + Σ reserved + pool value + treasury pot exact.
 */
export interface RewardParams {
  readonly heartbeatReward: bigint;
  readonly offlineSlash: number;
}

export function rewardParams(ctx: Pick<Ctx, 'state'>): RewardParams {
  return {
    heartbeatReward: StakePool.HeartbeatReward.get(ctx.state) ?? 0n,
    offlineSlash: StakePool.OfflineSlash.get(ctx.state) ?? 0,
  };
}

export function setRewardParams(ctx: CallContext, params: RewardParams): void {
  ensureRoot(ctx.origin);
  if (params.offlineSlash > STAKE_POOL_LIMITS.commissionScale) {
    throw fail('InvalidParams', `the offline slash is in parts per million: at most ${STAKE_POOL_LIMITS.commissionScale}`);
  }
  StakePool.HeartbeatReward.set(ctx.state, params.heartbeatReward);
  StakePool.OfflineSlash.set(ctx.state, params.offlineSlash);
  ctx.emit({ tag: 'StakePool', value: { tag: 'RewardParamsSet', value: { ...params } } });
}

/**
 * A running worker answered the heartbeat challenge of block `challengeBlock` (once per challenge:
 * a second answer earns nothing). The pool's owner takes its commission into its free balance;
 * the rest raises the pool's value, so every share is worth more (contributors share it in
 * proportion to their shares), and may pay waiting withdrawals.
 */
export function rewardHeartbeat(ctx: Ctx, worker: Uint8Array, challengeBlock: number): void {
  const { heartbeatReward } = rewardParams(ctx);
  const stake = StakePool.Workers.get(ctx.state, worker);
  if (heartbeatReward === 0n || stake === undefined || stake.status.tag !== 'Running') return;
  const last = StakePool.LastRewarded.get(ctx.state, worker);
  if (last !== undefined && last >= challengeBlock) return;
  const pool = StakePool.Pools.get(ctx.state, stake.pid);
  if (pool === undefined) return;
  const commission = (heartbeatReward * BigInt(pool.commission)) / BigInt(STAKE_POOL_LIMITS.commissionScale);
  const toPool = heartbeatReward - commission;
  StakePool.LastRewarded.set(ctx.state, worker, challengeBlock);
  Balances.TotalIssuance.set(ctx.state, (Balances.TotalIssuance.get(ctx.state) ?? 0n) + heartbeatReward);
  deposit(ctx, pool.owner, commission);
  StakePool.Pools.set(ctx.state, stake.pid, changePoolValue(ctx.state, pool, toPool));
  ctx.emit({
    tag: 'StakePool',
    value: { tag: 'Rewarded', value: { pid: stake.pid, worker, reward: heartbeatReward, commission } },
  });
  payQueue(ctx, stake.pid);
}

/** The chain marked `worker` offline: `offlineSlash` of the stake locked behind it is slashed (`slashLocked`). */
export function slashOffline(ctx: Ctx, worker: Uint8Array): void {
  slashLocked(ctx, worker, rewardParams(ctx).offlineSlash, 'offline');
}

/**
 * Slashes `ppm` parts per million of the stake locked behind `worker` (rounded down, never more
 * than is locked; nothing for a worker in no pool): the treasury's `slashShare` of it goes to the
 * pot, the rest is burned. Every stake-pool slash (offline, late, mismatch) comes here. The pool's
 * value falls with it, so every share is worth less; no account's balance is touched, so none can
 * go below zero. Returns what was slashed.
 */
export function slashLocked(ctx: Ctx, worker: Uint8Array, ppm: number, reason: string): bigint {
  const stake = StakePool.Workers.get(ctx.state, worker);
  if (ppm === 0 || stake === undefined || stake.locked === 0n) return 0n;
  const pool = StakePool.Pools.get(ctx.state, stake.pid);
  if (pool === undefined) return 0n;
  const amount = (stake.locked * BigInt(ppm)) / BigInt(STAKE_POOL_LIMITS.commissionScale);
  if (amount === 0n) return 0n;
  StakePool.Workers.set(ctx.state, worker, { ...stake, locked: stake.locked - amount });
  // The locked part falls, not the free part: lower the total, then put the free value back.
  const lowered = changePoolValue(ctx.state, pool, -amount);
  StakePool.Pools.set(ctx.state, stake.pid, { ...lowered, freeValue: pool.freeValue });
  settleSlash(ctx.state, amount);
  ctx.emit({ tag: 'StakePool', value: { tag: 'Slashed', value: { pid: stake.pid, worker, amount, reason } } });
  return amount;
}
