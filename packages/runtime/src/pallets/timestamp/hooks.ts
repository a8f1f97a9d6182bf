import { PhalanxError } from '@phalanx/errors';
import type { BlockEnv } from '../../dispatch/context.js';
import type { Overlay } from '../../state/overlay.js';
import { Timestamp } from './storage.js';

/** Each block's time must be later than its parent's; the node bounds it against its own clock. */
export function initializeTimestamp(state: Overlay, block: BlockEnv): void {
  const previous = Timestamp.Now.get(state);
  if (previous !== undefined && block.timestamp <= previous) {
    throw new PhalanxError('BLOCK_INVALID', `block timestamp ${block.timestamp} is not after its parent's ${previous}`);
  }
  Timestamp.Now.set(state, block.timestamp);
}
