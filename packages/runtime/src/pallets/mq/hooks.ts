import type { Overlay } from '../../state/overlay.js';
import { clearOutbound } from './outbound.js';

/** Block initialisation: the outbound queue holds only the current block's messages. */
export function initializeMq(state: Overlay): void {
  clearOutbound(state);
}
