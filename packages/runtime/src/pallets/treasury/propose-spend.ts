import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold } from '../balances/currency.js';
import { Treasury, treasuryParams } from './storage.js';
import { ppmOf, type TreasuryParams } from './types.js';

export const fail = palletErrors('Treasury');

/** The bond a spend of `value` needs: `proposalBond` ppm of it, at least `proposalBondMinimum`. */
export function spendBond(params: TreasuryParams, value: bigint): bigint {
  const share = ppmOf(value, params.proposalBond);
  // bigints: no Math.max
  if (share < params.proposalBondMinimum) return params.proposalBondMinimum;
  return share;
}

/**
 * Proposes a spend of `value` from the pot to `beneficiary` (pallet-treasury's `propose_spend`).
 * The bond is held: returned when the spend is paid, forfeited to the pot if it is rejected.
 */
export function proposeSpend(ctx: CallContext, args: { value: bigint; beneficiary: Uint8Array }): void {
  const proposer = ensureSigned(ctx.origin);
  if (args.value <= 0n) throw fail('ZeroValue', 'a spend needs a positive value');
  const bond = spendBond(treasuryParams(ctx.state), args.value);
  hold(ctx, proposer, bond);
  const id = Treasury.ProposalCount.getOr(ctx.state, 0);
  Treasury.ProposalCount.set(ctx.state, id + 1);
  Treasury.Proposals.set(ctx.state, id, { proposer, value: args.value, beneficiary: args.beneficiary, bond });
  ctx.emit({ tag: 'Treasury', value: { tag: 'Proposed', value: { id, proposer, ...args, bond } } });
}
