import { decode } from '@phalanx/scale';
import { RuntimeCall } from '../../call.js';
import type { CallContext } from '../../dispatch/context.js';
import { dispatchErrorRecord } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import type { Overlay } from '../../state/overlay.js';
import { fail } from './params.js';
import { Council, membersOf } from './storage.js';
import { openMotion } from './vote.js';

/**
 * Closes a motion (anyone may, pallet-collective's `close`): with at least `threshold` ayes it is
 * approved and its call dispatched with the council origin `{ayes, members}`, in its own
 * transaction (a failing call is reported in `Executed { error }`, the motion is closed all the
 * same); when it can no longer reach the threshold, or its `end` has come, it is dropped. Before
 * that, closing is refused.
 */
export function closeMotion(ctx: CallContext, args: { motion: number }): void {
  ensureSigned(ctx.origin);
  const motion = openMotion(ctx, args.motion);
  const members = membersOf(ctx.state).length;
  const ayes = motion.ayes.length;
  const nays = motion.nays.length;
  const approved = ayes >= motion.threshold;
  const hopeless = members - nays < motion.threshold;
  if (!approved && !hopeless && ctx.block.number < motion.end) {
    throw fail('TooEarly', `motion ${args.motion} may pass still: it closes at block ${motion.end} unless decided before`);
  }
  removeMotion(ctx.state, args.motion);
  if (!approved) {
    ctx.emit({ tag: 'Council', value: { tag: 'Disapproved', value: { motion: args.motion, ayes, nays } } });
    return;
  }
  ctx.emit({ tag: 'Council', value: { tag: 'Approved', value: { motion: args.motion, ayes, nays } } });
  let error: ReturnType<typeof dispatchErrorRecord> | undefined;
  try {
    ctx.transaction(() => ctx.dispatchAs({ kind: 'council', ayes, members }, decode(RuntimeCall, motion.call)));
  } catch (cause) {
    error = dispatchErrorRecord(cause);
  }
  ctx.emit({ tag: 'Council', value: { tag: 'Executed', value: { motion: args.motion, error } } });
}

function removeMotion(state: Overlay, index: number): void {
  Council.Motions.remove(state, index);
  const rest = Council.Active.getOr(state, []).filter((i) => i !== index);
  if (rest.length === 0) Council.Active.remove(state);
  else Council.Active.set(state, rest);
}
