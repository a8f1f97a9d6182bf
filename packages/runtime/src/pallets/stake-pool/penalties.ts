import type { CallContext } from '../../dispatch/context.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { fail } from './pool.js';
import { slashLocked } from './rewards.js';
import { StakePool } from './storage.js';
import { STAKE_POOL_LIMITS } from './types.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/**
 * Without `setPenaltyParams`: half the locked stake. Signing a wrong state commit is no accident an
 * honest worker can have (unlike going offline or being late), so the chain slashes it hard by default.
 */
export const DEFAULT_MISMATCH_SLASH = 500_000;

/**
 * The penalties beside the offline slash (spec 002): `lateSlash` for a worker whose results of a
 * command did not come within the deployer's execution timeout — meant to be smaller than the
 * offline slash — and `mismatchSlash` for a worker proven to sign a wrong state commit — meant to
 * be hard (default `DEFAULT_MISMATCH_SLASH`; the late one defaults to 0). Both in parts per million of the stake locked behind the worker, burned.
 */
export interface PenaltyParams {
  readonly lateSlash: number;
  readonly mismatchSlash: number;
}

export function penaltyParams(ctx: Pick<Ctx, 'state'>): PenaltyParams {
  return {
    lateSlash: StakePool.LateSlash.get(ctx.state) ?? 0,
    mismatchSlash: StakePool.MismatchSlash.get(ctx.state) ?? DEFAULT_MISMATCH_SLASH,
  };
}

export function setPenaltyParams(ctx: CallContext, params: PenaltyParams): void {
  ensureRoot(ctx.origin);
  const scale = STAKE_POOL_LIMITS.commissionScale;
  if (params.lateSlash > scale || params.mismatchSlash > scale) {
    throw fail('InvalidParams', `penalties are in parts per million of the locked stake: at most ${scale}`);
  }
  StakePool.LateSlash.set(ctx.state, params.lateSlash);
  StakePool.MismatchSlash.set(ctx.state, params.mismatchSlash);
  ctx.emit({ tag: 'StakePool', value: { tag: 'PenaltyParamsSet', value: { ...params } } });
}

/** Each worker that owed a command's results past its deadline pays the late penalty (once per command). */
export function slashLate(ctx: Ctx, workers: readonly Uint8Array[]): void {
  const { lateSlash } = penaltyParams(ctx);
  for (const worker of workers) slashLocked(ctx, worker, lateSlash, 'late');
}
