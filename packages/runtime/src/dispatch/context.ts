import type { RuntimeCall } from '../call.js';
import type { RuntimeEvent } from '../event.js';
import type { Overlay } from '../state/overlay.js';
import type { Origin } from './origin.js';

/** What a block's execution knows about the block itself (from its header). */
export interface BlockEnv {
  readonly number: number;
  readonly timestamp: bigint;
  readonly author: Uint8Array;
  readonly parentHash: Uint8Array;
}

/** Everything a call handler may touch: state, the block, its origin, and event emission. */
export interface CallContext {
  readonly state: Overlay;
  readonly block: BlockEnv;
  readonly origin: Origin;
  /** Nesting depth of this call (0 for an extrinsic's own call). */
  readonly depth: number;
  emit(event: RuntimeEvent): void;
  /**
   * Runs `fn` so that, if it throws, both its state writes and the events it emitted are undone
   * (a failed call leaves no trace but its failure record).
   */
  transaction<T>(fn: () => T): T;
  /** Dispatches a nested call with another origin (sudo); throws what the call throws. */
  dispatchAs(origin: Origin, call: RuntimeCall): void;
}
