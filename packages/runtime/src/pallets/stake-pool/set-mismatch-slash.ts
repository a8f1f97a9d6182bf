import type { CallContext } from '../../dispatch/context.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { fail } from './pool.js';
import { StakePool } from './storage.js';
import { STAKE_POOL_LIMITS } from './types.js';

/**
 * Without a `setMismatchSlash`: half the locked stake. Signing a wrong state commit is no accident
 * an honest worker can have (unlike going offline), so the chain slashes it hard by default.
 */
export const DEFAULT_MISMATCH_SLASH = 500_000;

export function mismatchSlash(ctx: Pick<CallContext, 'state'>): number {
  return StakePool.MismatchSlash.get(ctx.state) ?? DEFAULT_MISMATCH_SLASH;
}

/** Root: the mismatch slash, in parts per million of the locked stake (0 turns it off). */
export function setMismatchSlash(ctx: CallContext, args: { mismatchSlash: number }): void {
  ensureRoot(ctx.origin);
  if (args.mismatchSlash > STAKE_POOL_LIMITS.commissionScale) {
    throw fail('InvalidParams', `the mismatch slash is in parts per million: at most ${STAKE_POOL_LIMITS.commissionScale}`);
  }
  StakePool.MismatchSlash.set(ctx.state, args.mismatchSlash);
  ctx.emit({ tag: 'StakePool', value: { tag: 'MismatchSlashSet', value: { mismatchSlash: args.mismatchSlash } } });
}
