import { encode } from '@phalanx/scale';
import { RuntimeCall } from '../../call.js';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureCouncil } from '../../dispatch/origin.js';
import { COUNCIL_DEMOCRACY_ORIGIN } from './council-origin.js';
import { Democracy } from './storage.js';
import { DEMOCRACY_LIMITS } from './types.js';

const fail = palletErrors('Democracy');

/**
 * Council ≥ 2/3 or root (Substrate's `external_propose_majority`): `call` waits for the next
 * external launch (launches alternate with public proposals) and is voted on by simple majority.
 * One external proposal waits at a time; no deposit (the council vouches for it).
 */
export function externalPropose(ctx: CallContext, args: { call: RuntimeCall }): void {
  ensureCouncil(ctx.origin, COUNCIL_DEMOCRACY_ORIGIN.numerator, COUNCIL_DEMOCRACY_ORIGIN.denominator);
  const call = encode(RuntimeCall, args.call);
  if (call.length > DEMOCRACY_LIMITS.maxCallBytes) {
    throw fail('CallTooLarge', `a proposed call encodes to at most ${DEMOCRACY_LIMITS.maxCallBytes} bytes, not ${call.length}`);
  }
  if (Democracy.NextExternal.get(ctx.state) !== undefined) {
    throw fail('DuplicateProposal', 'an external proposal is waiting already (fast-track it or wait for its launch)');
  }
  const threshold = { tag: 'SimpleMajority', value: null } as const;
  Democracy.NextExternal.set(ctx.state, { call, threshold });
  ctx.emit({ tag: 'Democracy', value: { tag: 'ExternalProposed', value: { threshold } } });
}
