import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold } from '../balances/currency.js';
import { Democracy } from './storage.js';
import { DEMOCRACY_LIMITS } from './types.js';

const fail = palletErrors('Democracy');

/** Backs a public proposal by reserving its deposit again (an account may second more than once). */
export function second(ctx: CallContext, args: { proposal: number }): void {
  const seconder = ensureSigned(ctx.origin);
  const props = Democracy.PublicProps.getOr(ctx.state, []);
  const at = props.findIndex((p) => p.index === args.proposal);
  const prop = props[at];
  if (prop === undefined) throw fail('ProposalMissing', `no public proposal ${args.proposal} is waiting`);
  if (prop.seconders.length >= DEMOCRACY_LIMITS.maxSeconds) {
    throw fail('TooManySeconds', `a proposal takes at most ${DEMOCRACY_LIMITS.maxSeconds} seconds`);
  }
  hold(ctx, seconder, prop.deposit);
  const next = [...props];
  next[at] = { ...prop, seconders: [...prop.seconders, seconder] };
  Democracy.PublicProps.set(ctx.state, next);
  ctx.emit({ tag: 'Democracy', value: { tag: 'Seconded', value: { proposal: args.proposal, seconder, deposit: prop.deposit } } });
}
