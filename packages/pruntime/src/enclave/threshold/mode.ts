import type { threshold } from '@phalanx/crypto';
import { Registry, type StateReader, Threshold, thresholdParams } from '@phalanx/runtime';
import type { ThresholdHolder } from './holder.js';

/**
 * Whether the MasterKey is (or is being made) shared among the gatekeepers: a group is registered,
 * or the threshold is on and no whole MasterKey exists yet. A chain that already has a whole key
 * keeps it until it is reshared.
 */
export function sharedMasterKey(state: StateReader): boolean {
  if (Threshold.Group.get(state) !== undefined) return true;
  return thresholdParams(state).t > 0 && Registry.MasterPubkey.get(state) === undefined;
}

export function sealedShare(
  holder: ThresholdHolder,
): { session: number; share: threshold.KeyShare; seeds: threshold.RefreshSeeds } | undefined {
  const { share, seeds, session } = holder;
  return share === undefined || seeds === undefined || session === undefined ? undefined : { session, share, seeds };
}
