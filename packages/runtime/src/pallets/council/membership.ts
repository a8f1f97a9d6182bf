import type { Overlay } from '../../state/overlay.js';
import { Council, includesAccount, membersOf } from './storage.js';

/**
 * Seats `next` as the council. Votes of members who leave are taken out of every open motion
 * (pallet-collective's `change_members`), so a departed member's aye cannot pass anything.
 */
export function changeMembers(state: Overlay, next: readonly Uint8Array[]): void {
  const outgoing = membersOf(state).filter((who) => !includesAccount(next, who));
  if (next.length === 0) Council.Members.remove(state);
  else Council.Members.set(state, [...next]);
  if (outgoing.length === 0) return;
  for (const index of Council.Active.getOr(state, [])) {
    const motion = Council.Motions.get(state, index);
    if (motion === undefined) continue;
    const ayes = motion.ayes.filter((who) => !includesAccount(outgoing, who));
    const nays = motion.nays.filter((who) => !includesAccount(outgoing, who));
    if (ayes.length !== motion.ayes.length || nays.length !== motion.nays.length) {
      Council.Motions.set(state, index, { ...motion, ayes, nays });
    }
  }
}
