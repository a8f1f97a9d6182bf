import type { CallContext } from '../../dispatch/context.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { fail } from './propose-spend.js';
import { Treasury } from './storage.js';
import { PPM, TREASURY_LIMITS, type TreasuryParams } from './types.js';

/** Why these parameters are refused (naming the field), or undefined. */
export function treasuryParamsProblem(p: TreasuryParams): string | undefined {
  for (const field of ['feeShare', 'slashShare', 'proposalBond', 'burn'] as const) {
    if (!Number.isInteger(p[field]) || p[field] < 0 || p[field] > PPM) return `${field} is in parts per million: 0..=${PPM}`;
  }
  if (p.proposalBondMinimum < 0n || p.proposalBondMinimum >= 1n << 128n)
    return 'proposalBondMinimum must be within [0, 2^128 - 1]';
  if (!Number.isInteger(p.spendPeriod) || p.spendPeriod < 1 || p.spendPeriod > TREASURY_LIMITS.maxSpendPeriod) {
    return `spendPeriod must be within 1..=${TREASURY_LIMITS.maxSpendPeriod} blocks`;
  }
  return undefined;
}

/** Root: replaces the parameters (the next block's fees and spend period use them). */
export function setTreasuryParams(ctx: CallContext, args: { params: TreasuryParams }): void {
  ensureRoot(ctx.origin);
  const problem = treasuryParamsProblem(args.params);
  if (problem !== undefined) throw fail('InvalidParams', problem);
  Treasury.Params.set(ctx.state, args.params);
  ctx.emit({ tag: 'Treasury', value: { tag: 'ParamsSet', value: args.params } });
}
