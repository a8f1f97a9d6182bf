import type { RuntimeCall } from '../call.js';
import type { RuntimeEvent } from '../event.js';
import type { Overlay } from '../state/overlay.js';
import type { Origin } from './origin.js';

/**
 * Misbehaviour CometBFT proved and delivers with a block (ABCI 2.0 `FinalizeBlock.misbehavior`):
 * the offender's validator address (sha256(ed25519 key)[..20]), the height of the offence, and
 * the validator set's total voting power at that height.
 */
export interface Misbehaviour {
  readonly kind: 'DuplicateVote' | 'LightClientAttack';
  readonly validatorAddress: Uint8Array;
  readonly height: number;
  readonly totalVotingPower: bigint;
}

/** What a block's execution knows about the block itself (from its header). */
export interface BlockEnv {
  readonly number: number;
  readonly timestamp: bigint;
  readonly author: Uint8Array;
  readonly parentHash: Uint8Array;
  /**
   * Evidence from CometBFT, reported as `Consensus.Offence` at initialisation. Not in the header:
   * whoever re-executes the block must pass the same list. Absent with the dev engine.
   */
  readonly misbehaviour?: readonly Misbehaviour[];
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
