import { PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { paramsProblem, type StakePoolParams } from './set-params.js';
import { StakePool } from './storage.js';

/** Writes the chain parameters of the stake pools (validated as `setParams` validates them). */
export function buildStakePoolGenesis(state: Overlay, params: StakePoolParams): void {
  if (typeof params !== 'object' || params === null) throw new PhalanxError('INVALID_INPUT', 'stakePool must be an object');
  const { minWorkerStake, withdrawCooldown } = params;
  if (typeof minWorkerStake !== 'bigint' || minWorkerStake < 0n || minWorkerStake >= 1n << 128n) {
    throw new PhalanxError('INVALID_INPUT', 'stakePool.minWorkerStake must be a bigint in [0, 2^128 - 1]');
  }
  if (!Number.isSafeInteger(withdrawCooldown) || withdrawCooldown < 0) {
    throw new PhalanxError('INVALID_INPUT', 'stakePool.withdrawCooldown must be a non-negative integer (blocks)');
  }
  const problem = paramsProblem(params);
  if (problem !== undefined) throw new PhalanxError('INVALID_INPUT', `stakePool: ${problem}`);
  StakePool.MinWorkerStake.set(state, minWorkerStake);
  StakePool.WithdrawCooldown.set(state, withdrawCooldown);
}
