import type { BlockEnv } from '../../dispatch/context.js';
import type { RuntimeEvent } from '../../event.js';
import type { Overlay } from '../../state/overlay.js';
import { slashOffline } from '../stake-pool/rewards.js';
import { System } from '../system/storage.js';
import { heartbeatSeed, heartbeatSettings } from './heartbeat.js';
import { Registry } from './storage.js';

/**
 * Block initialisation (after System, whose randomness it reads). At every block whose number is
 * a multiple of `challengeInterval`: first marks offline each online worker silent for more than
 * `window` blocks (`WorkerOffline`, once: it is then no longer online), then issues a new
 * challenge (`HeartbeatChallenge`), keeping the previous one answerable. Other blocks do nothing,
 * so the O(workers) sweep (at most `REGISTRY_LIMITS.maxWorkers`) runs once per interval.
 */
export function initializeHeartbeats(state: Overlay, block: BlockEnv, emit: (event: RuntimeEvent) => void): void {
  const settings = heartbeatSettings(state);
  const now = block.number;
  if (now === 0 || now % settings.challengeInterval !== 0) return;

  for (const identity of Registry.WorkerIds.getOr(state, [])) {
    const record = Registry.Workers.get(state, identity);
    if (record === undefined || !record.online || now - record.lastHeartbeat <= settings.window) continue;
    Registry.Workers.set(state, identity, { ...record, online: false });
    emit({ tag: 'Registry', value: { tag: 'WorkerOffline', value: { identity, lastHeartbeat: record.lastHeartbeat } } });
    slashOffline({ state, emit }, identity);
  }

  const current = Registry.Challenge.get(state);
  if (current !== undefined) Registry.PreviousChallenge.set(state, current);
  const seed = heartbeatSeed(System.Randomness.getOr(state, new Uint8Array(32)), now);
  Registry.Challenge.set(state, { block: now, seed });
  emit({ tag: 'Registry', value: { tag: 'HeartbeatChallenge', value: { block: now, seed } } });
}
