import type { StateReader } from '../../state/overlay.js';
import { minWorkerStake } from './pool.js';
import { StakePool } from './storage.js';

/**
 * Whether a worker may be put in a cluster (assigned contracts; spec 002: "a worker can only be
 * assigned contracts when it has certain amounts of staking PHA"): it is running in a pool with at
 * least `MinWorkerStake` locked behind it. With a minimum of 0 (the dev chain) every worker
 * qualifies, staked or not.
 */
export function workerEligible(state: StateReader, worker: Uint8Array): boolean {
  const min = minWorkerStake(state);
  if (min === 0n) return true;
  const stake = StakePool.Workers.get(state, worker);
  return stake !== undefined && stake.status.tag === 'Running' && stake.locked >= min;
}
