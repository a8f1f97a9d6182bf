import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Council } from './storage.js';
import { COUNCIL_LIMITS, type CouncilParams } from './types.js';

export const fail = palletErrors('Council');

/** Why these parameters are refused (naming the field), or undefined. */
export function councilParamsProblem(p: CouncilParams): string | undefined {
  if (!Number.isInteger(p.motionDuration) || p.motionDuration < 1 || p.motionDuration > COUNCIL_LIMITS.maxPeriod) {
    return `motionDuration must be within 1..=${COUNCIL_LIMITS.maxPeriod} blocks`;
  }
  if (!Number.isInteger(p.termDuration) || p.termDuration < 0 || p.termDuration > COUNCIL_LIMITS.maxPeriod) {
    return `termDuration must be within 0..=${COUNCIL_LIMITS.maxPeriod} blocks (0: no elections)`;
  }
  if (!Number.isInteger(p.desiredMembers) || p.desiredMembers < 1 || p.desiredMembers > COUNCIL_LIMITS.maxMembers) {
    return `desiredMembers must be within 1..=${COUNCIL_LIMITS.maxMembers}`;
  }
  if (p.candidacyBond < 0n || p.candidacyBond >= 1n << 128n) return 'candidacyBond must be within [0, 2^128 - 1]';
  return undefined;
}

/** Root: new parameters, in force from the next block (a running term keeps its end). */
export function setCouncilParams(ctx: CallContext, args: { params: CouncilParams }): void {
  ensureRoot(ctx.origin);
  const problem = councilParamsProblem(args.params);
  if (problem !== undefined) throw fail('InvalidParams', problem);
  Council.Params.set(ctx.state, args.params);
  ctx.emit({ tag: 'Council', value: { tag: 'ParamsSet', value: { params: args.params } } });
}
