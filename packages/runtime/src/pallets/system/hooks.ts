import { blake2_256, concatBytes } from '@phalanx/crypto';
import { RUNTIME } from '../../constants.js';
import type { BlockEnv } from '../../dispatch/context.js';
import type { Overlay } from '../../state/overlay.js';
import { beaconValue } from '../consensus/beacon.js';
import { System } from './storage.js';

/**
 * Block initialisation: number, parent hash, the parent's hash in the history (pruned to
 * `blockHashHistory`), and the randomness seed mixed with the parent's seal — or, on a CometBFT
 * chain whose validators hold VRF keys, with the previous height's VRF outputs (checked first:
 * a block without enough valid ones is invalid; see `consensus/beacon.ts`).
 */
export function initializeSystem(state: Overlay, block: BlockEnv, parentSeal: Uint8Array): void {
  const entropy = (block.beacon === undefined ? undefined : beaconValue(state, block.number, block.beacon)) ?? parentSeal;
  System.Number.set(state, block.number);
  System.ParentHash.set(state, block.parentHash);
  System.BlockHash.set(state, block.number - 1, block.parentHash);
  const expired = block.number - 1 - RUNTIME.blockHashHistory;
  if (expired >= 0) System.BlockHash.remove(state, expired);
  const previous = System.Randomness.getOr(state, new Uint8Array(32));
  System.Randomness.set(state, blake2_256(concatBytes(previous, entropy)));
  System.Events.remove(state);
}
