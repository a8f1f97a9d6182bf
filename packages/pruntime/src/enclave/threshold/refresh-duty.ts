import { threshold } from '@phalanx/crypto';
import { RefreshMessage, THRESHOLD_TOPICS, Threshold } from '@phalanx/runtime';
import type { EgressItem } from '../ecall.js';
import { type DutyContext, push, type ThresholdHolder } from './holder.js';

type Step = { share: threshold.KeyShare; seeds: threshold.RefreshSeeds };

function adopt(holder: ThresholdHolder, step: Step): void {
  // The old epoch's share and seeds are erased as soon as the new ones replace them: a share
  // that leaks later is of an epoch whose answers no worker accepts any more.
  if (holder.share !== undefined) threshold.eraseShare(holder.share);
  if (holder.seeds !== undefined) threshold.eraseSeeds(holder.seeds);
  holder.share = step.share;
  holder.seeds = step.seeds;
}

function dropNext(holder: ThresholdHolder): void {
  if (holder.next === undefined) return;
  threshold.eraseShare(holder.next.share);
  threshold.eraseSeeds(holder.next.seeds);
  holder.next = undefined;
}

/**
 * A holder's part in the share refresh (Threshold pallet, `refreshHook`): when the chain opens a
 * refresh it steps its share locally (`refreshShare`, no message to any other holder) and
 * announces the public points; it keeps answering with the current share until the chain moves
 * the group, then switches and erases the old one. A holder that was away catches up on every
 * epoch it missed by stepping alone (the steps need no announcement).
 */
export function refreshDuty(holder: ThresholdHolder, ctx: DutyContext): EgressItem[] {
  const group = Threshold.Group.get(ctx.state);
  if (group === undefined || holder.session !== group.session || holder.share === undefined || holder.seeds === undefined)
    return [];
  const epoch = group.group.epoch;
  while ((holder.share as threshold.KeyShare).epoch < epoch) {
    const current = holder.share as threshold.KeyShare;
    const next = holder.next;
    const step =
      next !== undefined && next.share.epoch === current.epoch + 1
        ? next
        : threshold.refreshShare(current, holder.seeds as threshold.RefreshSeeds);
    holder.next = undefined;
    adopt(holder, step);
  }
  const pending = Threshold.Refresh.get(ctx.state);
  if (pending === undefined || pending.epoch !== epoch + 1 || holder.share.epoch !== epoch) {
    dropNext(holder); // none under way, or one that failed: the chain stays at this epoch
    return [];
  }
  if (holder.next !== undefined) return []; // announced; waiting for the chain to decide
  const step = threshold.refreshShare(holder.share, holder.seeds);
  holder.next = { share: step.share, seeds: step.seeds };
  return [push(ctx, THRESHOLD_TOPICS.refresh, RefreshMessage, { announcement: step.announcement })];
}
