import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { releaseHeld } from './release.js';
import { Democracy, paramsOf } from './storage.js';
import { unlockAt } from './types.js';

/**
 * Releases the caller's votes whose lock has expired: their referendum ended at `end` and this
 * block is at least `end + conviction × EnactmentPeriod`, or it was cancelled. Votes still locked, or on referenda
 * still running, stay. Releasing nothing is not an error (the event says 0).
 */
export function unlock(ctx: CallContext): void {
  const voter = ensureSigned(ctx.origin);
  const { enactmentPeriod } = paramsOf(ctx.state);
  const votes = Democracy.VotingOf.get(ctx.state, voter) ?? [];
  let amount = 0n;
  const kept = votes.filter((v) => {
    const info = Democracy.ReferendumInfoOf.get(ctx.state, v.referendum);
    // A cancelled referendum decided nothing: its votes are free at once.
    const expired =
      info?.tag === 'Cancelled' ||
      (info?.tag === 'Finished' && ctx.block.number >= unlockAt(info.value.end, v.conviction, enactmentPeriod));
    if (expired) amount += v.balance;
    return !expired;
  });
  amount = releaseHeld(ctx, voter, amount);
  if (kept.length === 0) Democracy.VotingOf.remove(ctx.state, voter);
  else if (kept.length !== votes.length) Democracy.VotingOf.set(ctx.state, voter, kept);
  ctx.emit({ tag: 'Democracy', value: { tag: 'Unlocked', value: { voter, amount } } });
}
