import { encode } from '@phalanx/scale';
import { RuntimeCall } from '../../call.js';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold } from '../balances/currency.js';
import { Democracy, paramsOf } from './storage.js';
import { DEMOCRACY_LIMITS } from './types.js';

const fail = palletErrors('Democracy');

/** A public proposal: `call` to be dispatched with Root if a referendum approves it; reserves `deposit`. */
export function propose(ctx: CallContext, args: { call: RuntimeCall; deposit: bigint }): void {
  const proposer = ensureSigned(ctx.origin);
  const params = paramsOf(ctx.state);
  const call = encode(RuntimeCall, args.call);
  if (call.length > DEMOCRACY_LIMITS.maxCallBytes) {
    throw fail('CallTooLarge', `a proposed call encodes to at most ${DEMOCRACY_LIMITS.maxCallBytes} bytes, not ${call.length}`);
  }
  if (args.deposit < params.minimumDeposit) {
    throw fail('DepositTooLow', `the deposit must be at least ${params.minimumDeposit}`);
  }
  const props = Democracy.PublicProps.getOr(ctx.state, []);
  if (props.length >= params.maxProposals)
    throw fail('TooManyProposals', `at most ${params.maxProposals} proposals wait at once`);
  hold(ctx, proposer, args.deposit);
  const index = Democracy.PublicPropCount.getOr(ctx.state, 0);
  Democracy.PublicPropCount.set(ctx.state, index + 1);
  Democracy.PublicProps.set(ctx.state, [...props, { index, proposer, call, deposit: args.deposit, seconders: [] }]);
  ctx.emit({ tag: 'Democracy', value: { tag: 'Proposed', value: { proposal: index, proposer, deposit: args.deposit } } });
}
