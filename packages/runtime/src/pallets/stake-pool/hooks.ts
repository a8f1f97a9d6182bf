import type { BlockEnv } from '../../dispatch/context.js';
import type { RuntimeEvent } from '../../event.js';
import type { Overlay } from '../../state/overlay.js';
import { forceStops, payQueue, releaseStake } from './queue.js';
import { StakePool } from './storage.js';

/**
 * Block initialisation: stake of workers stopped a cooldown ago is released (and their pools'
 * queues paid from it), then withdrawals due at this block that are still unpaid force workers to
 * stop. Writes nothing when nothing is due.
 */
export function initializeStakePool(state: Overlay, block: BlockEnv, emit: (event: RuntimeEvent) => void): void {
  const ctx = { state, emit };
  const now = block.number;
  const releases = StakePool.Releases.get(state, now);
  if (releases !== undefined) {
    StakePool.Releases.remove(state, now);
    for (const worker of releases) {
      const stake = StakePool.Workers.get(state, worker);
      // Stale when the worker was released early (forced stop) or removed since.
      if (stake?.status.tag !== 'Stopping' || stake.status.value.releaseAt !== now) continue;
      releaseStake(ctx, worker);
      payQueue(ctx, stake.pid);
    }
  }
  const deadlines = StakePool.Deadlines.get(state, now);
  if (deadlines === undefined) return;
  StakePool.Deadlines.remove(state, now);
  for (const pid of deadlines) forceStops(ctx, pid, now);
}
