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

/** A validator of the previous height, as CometBFT's commit info lists it (ABCI `VoteInfo`). */
export interface LastVote {
  /** Its CometBFT address (sha256(ed25519 key)[..20]). */
  readonly address: Uint8Array;
  readonly power: bigint;
  /** Whether its precommit for the previous block is in this block's last commit. */
  readonly signed: boolean;
}

/** A validator's VRF (pre-output ‖ proof) of the previous height, from its vote extension. */
export interface VrfVote {
  readonly address: Uint8Array;
  readonly vrf: Uint8Array;
}

/**
 * What a CometBFT block says about the previous height's votes: every validator of that height
 * (power, signed or not) and the VRF outputs its proposer carried from their vote extensions,
 * ascending by address. Checked and mixed into `System.Randomness` (`pallets/consensus/beacon.ts`).
 */
export interface VrfBeacon {
  readonly votes: readonly LastVote[];
  readonly outputs: readonly VrfVote[];
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
  /**
   * The previous height's votes and VRF outputs (CometBFT blocks from number 2 on). Like
   * `misbehaviour` not in the header: whoever re-executes the block must pass the same. Absent
   * with the dev engine, whose randomness comes from the parent's seal.
   */
  readonly beacon?: VrfBeacon;
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
