import type { Infer } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { memberIndex, Threshold } from './storage.js';
import type { RefreshMessage } from './types.js';

/** A holder's announcement for the pending refresh: its own index, that epoch, once. */
export function recordAnnouncement(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof RefreshMessage>): void {
  const { announcement } = message;
  const refuse = (reason: string) =>
    ctx.emit({ tag: 'Threshold', value: { tag: 'MessageRefused', value: { session: announcement.epoch, gatekeeper, reason } } });
  const group = Threshold.Group.get(ctx.state);
  const pending = Threshold.Refresh.get(ctx.state);
  if (group === undefined || pending === undefined) return refuse('no share refresh is under way');
  if (announcement.epoch !== pending.epoch) return refuse(`the refresh under way leads to epoch ${pending.epoch}`);
  const index = memberIndex(group.members, gatekeeper);
  if (index === undefined || index !== announcement.index) return refuse('a holder announces only as its own index');
  if (Threshold.Announcements.has(ctx.state, index)) return refuse('this holder already announced');
  Threshold.Announcements.set(ctx.state, index, announcement);
}
