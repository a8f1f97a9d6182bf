import type { CallContext } from '../../dispatch/context.js';
import { ensureCouncil } from '../../dispatch/origin.js';
import { forfeitToTreasury } from './pot.js';
import { fail } from './propose-spend.js';
import { Treasury } from './storage.js';
import { type SpendProposal, TREASURY_LIMITS } from './types.js';

/** The council share that approves or rejects spends: at least 3/5 of the members (or root). */
export const SPEND_ORIGIN = { numerator: 3, denominator: 5 } as const;

function proposal(ctx: Pick<CallContext, 'state'>, id: number): SpendProposal {
  const found = Treasury.Proposals.get(ctx.state, id);
  if (found === undefined) throw fail('ProposalMissing', `there is no spend proposal ${id} (paid, rejected, or never made)`);
  return found;
}

/** Council ≥ 3/5 or root: the spend joins the queue a spend period pays in order. */
export function approveSpend(ctx: CallContext, args: { id: number }): void {
  ensureCouncil(ctx.origin, SPEND_ORIGIN.numerator, SPEND_ORIGIN.denominator);
  proposal(ctx, args.id);
  const approvals = Treasury.Approvals.getOr(ctx.state, []);
  if (approvals.includes(args.id)) throw fail('AlreadyApproved', `spend proposal ${args.id} is already approved`);
  if (approvals.length >= TREASURY_LIMITS.maxApprovals) {
    throw fail('TooManyApprovals', `at most ${TREASURY_LIMITS.maxApprovals} approved spends wait for payment`);
  }
  Treasury.Approvals.set(ctx.state, [...approvals, args.id]);
  ctx.emit({ tag: 'Treasury', value: { tag: 'Approved', value: { id: args.id } } });
}

/**
 * Council ≥ 3/5 or root: drops a proposal, approved or not (an approval can be withdrawn until
 * the spend is paid); its bond goes to the pot.
 */
export function rejectSpend(ctx: CallContext, args: { id: number }): void {
  ensureCouncil(ctx.origin, SPEND_ORIGIN.numerator, SPEND_ORIGIN.denominator);
  const found = proposal(ctx, args.id);
  const approvals = Treasury.Approvals.getOr(ctx.state, []);
  if (approvals.includes(args.id)) {
    const rest = approvals.filter((id) => id !== args.id);
    if (rest.length === 0) Treasury.Approvals.remove(ctx.state);
    else Treasury.Approvals.set(ctx.state, rest);
  }
  Treasury.Proposals.remove(ctx.state, args.id);
  forfeitToTreasury(ctx, found.proposer, found.bond);
  ctx.emit({ tag: 'Treasury', value: { tag: 'Rejected', value: { id: args.id, slashed: found.bond } } });
}
