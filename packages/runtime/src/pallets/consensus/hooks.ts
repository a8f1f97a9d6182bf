import type { BlockEnv } from '../../dispatch/context.js';
import type { RuntimeEvent } from '../../event.js';
import type { Overlay } from '../../state/overlay.js';
import { reportMisbehaviour } from './offences.js';
import { Consensus } from './storage.js';
import { OFFENCE_HISTORY } from './types.js';

/**
 * Block initialisation: the previous block's validator updates are gone (the node handed them to
 * CometBFT), offences older than `OFFENCE_HISTORY` blocks are pruned, and the misbehaviour
 * CometBFT delivered with this block is reported. Without misbehaviour (the dev engine) and
 * without validator changes this writes nothing.
 */
export function initializeConsensus(state: Overlay, block: BlockEnv, emit: (event: RuntimeEvent) => void): void {
  Consensus.ValidatorUpdates.remove(state);
  Consensus.AddedThisBlock.remove(state);
  Consensus.VrfKeysBefore.remove(state); // System's initialisation (first) has checked the extensions with it
  const expired = block.number - OFFENCE_HISTORY;
  if (expired >= 0) Consensus.Offences.remove(state, expired);
  if (block.misbehaviour !== undefined) reportMisbehaviour(state, block.number, block.misbehaviour, emit);
}
