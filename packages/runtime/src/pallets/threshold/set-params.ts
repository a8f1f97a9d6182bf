import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Threshold } from './storage.js';
import { THRESHOLD_LIMITS, type ThresholdParams } from './types.js';

export const fail = palletErrors('Threshold');

/** Why these parameters are refused (naming the field), or undefined. */
export function thresholdParamsProblem(p: ThresholdParams): string | undefined {
  if (!Number.isInteger(p.t) || p.t < 0 || p.t > THRESHOLD_LIMITS.maxMembers)
    return `t must be within 0..=${THRESHOLD_LIMITS.maxMembers} (0: one whole-key MasterKey)`;
  if (!Number.isInteger(p.n) || p.n < p.t || p.n > THRESHOLD_LIMITS.maxMembers)
    return `n must be within t..=${THRESHOLD_LIMITS.maxMembers} (the gatekeepers that hold shares)`;
  if (!Number.isInteger(p.refreshPeriod) || p.refreshPeriod < 0 || p.refreshPeriod > 0xffff_ffff)
    return 'refreshPeriod is a number of blocks (0: no refresh)';
  if (p.refreshPeriod !== 0 && p.refreshPeriod <= p.phaseBlocks)
    return 'refreshPeriod must be longer than phaseBlocks (a refresh is decided within phaseBlocks)';
  if (p.t === 1 && p.n > 1) return 't = 1 would give every holder the whole key: use t ≥ 2, or n = 1';
  if (!Number.isInteger(p.phaseBlocks) || p.phaseBlocks < 1 || p.phaseBlocks > THRESHOLD_LIMITS.maxPhaseBlocks)
    return `phaseBlocks must be within 1..=${THRESHOLD_LIMITS.maxPhaseBlocks}`;
  return undefined;
}

/**
 * Root: replaces the parameters. A new `t` applies to the next session (a registered group keeps
 * its own t); lowering it to 0 after a group exists changes nothing about who holds the key.
 */
export function setThresholdParams(ctx: CallContext, args: { params: ThresholdParams }): void {
  ensureRoot(ctx.origin);
  const problem = thresholdParamsProblem(args.params);
  if (problem !== undefined) throw fail('InvalidParams', problem);
  Threshold.Params.set(ctx.state, args.params);
  ctx.emit({ tag: 'Threshold', value: { tag: 'ParamsSet', value: args.params } });
}

/** Root: drops an undecided session; the next block starts a new one (with the gatekeepers then listed). */
export function restartDkg(ctx: CallContext): void {
  ensureRoot(ctx.origin);
  const session = Threshold.Session.get(ctx.state);
  if (session === undefined || session.phase.tag === 'Completed' || session.phase.tag === 'Failed')
    throw fail('NoSessionRunning', 'no DKG session is running: nothing to restart');
  Threshold.Session.set(ctx.state, { ...session, phase: { tag: 'Failed', value: null } });
  Threshold.RetryAt.remove(ctx.state);
  ctx.emit({
    tag: 'Threshold',
    value: { tag: 'DkgFailed', value: { session: session.id, reason: 'restarted by root', retryAt: ctx.block.number } },
  });
}
