import type { CallContext } from '../../dispatch/context.js';
import { fail } from './params.js';
import { ensureMember } from './propose.js';
import { Council, includesAccount, sameAccount } from './storage.js';
import type { Motion } from './types.js';

/** The open motion `index`, or a typed failure. */
export function openMotion(ctx: Pick<CallContext, 'state'>, index: number): Motion {
  const motion = Council.Motions.get(ctx.state, index);
  if (motion === undefined) throw fail('MotionMissing', `there is no open motion ${index}`);
  return motion;
}

/** A member votes on an open motion; voting again the other way moves the vote (pallet-collective's `vote`). */
export function voteMotion(ctx: CallContext, args: { motion: number; aye: boolean }): void {
  const who = ensureMember(ctx);
  const motion = openMotion(ctx, args.motion);
  const [same, other] = args.aye ? [motion.ayes, motion.nays] : [motion.nays, motion.ayes];
  if (includesAccount(same, who)) throw fail('DuplicateVote', `this member already voted ${args.aye ? 'aye' : 'nay'}`);
  const moved = other.filter((x) => !sameAccount(x, who));
  const added = [...same, who];
  const next = args.aye ? { ...motion, ayes: added, nays: moved } : { ...motion, ayes: moved, nays: added };
  Council.Motions.set(ctx.state, args.motion, next);
  ctx.emit({
    tag: 'Council',
    value: { tag: 'Voted', value: { ...args, who, ayes: next.ayes.length, nays: next.nays.length } },
  });
}
