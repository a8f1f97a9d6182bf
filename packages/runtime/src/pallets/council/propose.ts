import { equalBytes } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import { RuntimeCall } from '../../call.js';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { fail } from './params.js';
import { Council, councilParams, includesAccount, membersOf } from './storage.js';
import { COUNCIL_LIMITS } from './types.js';

/** The caller, who must be a council member. */
export function ensureMember(ctx: Pick<CallContext, 'state' | 'origin'>): Uint8Array {
  const who = ensureSigned(ctx.origin);
  if (!includesAccount(membersOf(ctx.state), who)) throw fail('NotMember', 'only a council member may do this');
  return who;
}

/**
 * A member proposes a motion: `call`, to be dispatched with the council origin once `threshold`
 * members vote aye (pallet-collective's `propose`). The proposer's aye is counted at once; the
 * motion stays open `MotionDuration` blocks.
 */
export function proposeMotion(ctx: CallContext, args: { threshold: number; call: RuntimeCall }): void {
  const proposer = ensureMember(ctx);
  const members = membersOf(ctx.state);
  if (args.threshold < 1 || args.threshold > members.length) {
    throw fail('InvalidThreshold', `the threshold is 1..=${members.length} (the members), not ${args.threshold}`);
  }
  const call = encode(RuntimeCall, args.call);
  if (call.length > COUNCIL_LIMITS.maxCallBytes) {
    throw fail('CallTooLarge', `a motion's call encodes to at most ${COUNCIL_LIMITS.maxCallBytes} bytes, not ${call.length}`);
  }
  const active = Council.Active.getOr(ctx.state, []);
  if (active.length >= COUNCIL_LIMITS.maxMotions) {
    throw fail('TooManyMotions', `at most ${COUNCIL_LIMITS.maxMotions} motions are open at once (close expired ones)`);
  }
  for (const index of active) {
    const open = Council.Motions.get(ctx.state, index);
    if (open !== undefined && equalBytes(open.call, call))
      throw fail('DuplicateMotion', `motion ${index} already proposes this call`);
  }
  const motion = Council.MotionCount.getOr(ctx.state, 0);
  const end = ctx.block.number + councilParams(ctx.state).motionDuration;
  Council.MotionCount.set(ctx.state, motion + 1);
  Council.Motions.set(ctx.state, motion, { proposer, call, threshold: args.threshold, ayes: [proposer], nays: [], end });
  Council.Active.set(ctx.state, [...active, motion]);
  ctx.emit({ tag: 'Council', value: { tag: 'Proposed', value: { motion, proposer, threshold: args.threshold, end } } });
  ctx.emit({ tag: 'Council', value: { tag: 'Voted', value: { motion, who: proposer, aye: true, ayes: 1, nays: 0 } } });
}
