import { threshold } from '@phalanx/crypto';
import type { HookScope } from '../../dispatch/call-context.js';
import { Threshold, thresholdParams } from './storage.js';
import type { KeyGroup } from './types.js';

/**
 * Share refresh without communication (spec 002 ★, `threshold.refreshShare`): every
 * `refreshPeriod` blocks the chain opens a refresh to the group's next epoch; each holder steps
 * its share locally from the zero-sharing seeds it agreed at DKG time and announces only public
 * points (R_A = ρ_A·G), from which the chain moves the group's commitments (`refreshGroup`) —
 * once every member announced, or at the deadline if each zero-sharing set was announced by at
 * least one member. The MasterPubkey never changes; shares of different epochs do not combine.
 */
export function refreshHook(ctx: HookScope, group: KeyGroup): void {
  const params = thresholdParams(ctx.state);
  const pending = Threshold.Refresh.get(ctx.state);
  const now = ctx.block.number;
  if (pending === undefined) {
    if (params.refreshPeriod === 0 || now % params.refreshPeriod !== 0) return;
    const refresh = { epoch: group.group.epoch + 1, deadline: now + params.phaseBlocks };
    Threshold.Refresh.set(ctx.state, refresh);
    ctx.emit({ tag: 'Threshold', value: { tag: 'RefreshStarted', value: refresh } });
    return;
  }
  const announcements: threshold.RefreshAnnouncement[] = [];
  for (let i = 1; i <= group.members.length; i++) {
    const announcement = Threshold.Announcements.get(ctx.state, i);
    if (announcement !== undefined) announcements.push(announcement);
  }
  if (announcements.length < group.members.length && now < pending.deadline) return;
  const moved = threshold.refreshGroup(group.group, announcements);
  for (let i = 1; i <= group.members.length; i++) Threshold.Announcements.remove(ctx.state, i);
  Threshold.Refresh.remove(ctx.state);
  if (moved.group === undefined) {
    const reason = moved.problems
      .map((p) => `[${p.set.join(',')}] ${p.reason}`)
      .join('; ')
      .slice(0, 256);
    ctx.emit({ tag: 'Threshold', value: { tag: 'RefreshFailed', value: { epoch: pending.epoch, reason } } });
    return;
  }
  Threshold.Group.set(ctx.state, { ...group, group: moved.group });
  const announced = announcements.map((a) => a.index);
  ctx.emit({ tag: 'Threshold', value: { tag: 'SharesRefreshed', value: { epoch: pending.epoch, announced } } });
}
