import type { CallContext } from '../../dispatch/context.js';
import { ensureCouncil } from '../../dispatch/origin.js';
import { COUNCIL_DEMOCRACY_ORIGIN } from './council-origin.js';
import { Democracy } from './storage.js';
import { ongoing } from './vote.js';

/**
 * Council ≥ 2/3 or root (Substrate's `cancel_referendum`): a running referendum ends, unapproved.
 * Its votes decided nothing, so `unlock` frees them at once, whatever their conviction.
 */
export function cancelReferendum(ctx: CallContext, args: { referendum: number }): void {
  ensureCouncil(ctx.origin, COUNCIL_DEMOCRACY_ORIGIN.numerator, COUNCIL_DEMOCRACY_ORIGIN.denominator);
  ongoing(ctx, args.referendum);
  Democracy.ReferendumInfoOf.set(ctx.state, args.referendum, { tag: 'Cancelled', value: { end: ctx.block.number } });
  const rest = Democracy.Ongoing.getOr(ctx.state, []).filter((r) => r !== args.referendum);
  if (rest.length === 0) Democracy.Ongoing.remove(ctx.state);
  else Democracy.Ongoing.set(ctx.state, rest);
  ctx.emit({ tag: 'Democracy', value: { tag: 'Cancelled', value: { referendum: args.referendum } } });
}
