import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import type { Header, Phase } from '@phalanx/primitives';
import { feeFor } from '../constants.js';
import { callContext, type EventLog } from '../dispatch/call-context.js';
import type { BlockEnv, CallContext } from '../dispatch/context.js';
import type { Origin } from '../dispatch/origin.js';
import type { EventRecord, RuntimeEvent } from '../event.js';
import { ON_FINALIZE, ON_INITIALIZE } from '../hooks.js';
import { deposit } from '../pallets/balances/currency.js';
import { System } from '../pallets/system/storage.js';
import { depositToTreasury } from '../pallets/treasury/pot.js';
import { treasuryParams } from '../pallets/treasury/storage.js';
import { ppmOf } from '../pallets/treasury/types.js';
import { Overlay, type StateChange, type StateReader } from '../state/overlay.js';
import { type ApplyOutcome, applyExtrinsic } from './apply.js';
import type { CheckedExtrinsic } from './check.js';

export interface BlockExecution {
  /** Net state changes of the block, sorted by key: what the trie re-roots and light clients replay. */
  readonly changes: StateChange[];
  readonly events: EventRecord[];
}

/**
 * Executes one block over the parent's state: initialisation hooks, extrinsics one by one,
 * finalisation hooks. Used both to build a block (apply what fits, skip what cannot be included)
 * and to import one (every extrinsic must apply).
 */
export class BlockExecutor {
  readonly state: Overlay;
  readonly env: BlockEnv;
  private readonly events: EventRecord[] = [];
  private phase: Phase = { tag: 'Initialization', value: null };
  private count = 0;
  /** Fees taken by this block's extrinsics, paid at finalisation: the treasury's share to its pot, the rest to the author. */
  private fees = 0n;
  private finalized = false;

  constructor(parentState: StateReader, env: BlockEnv, parentSeal: Uint8Array) {
    this.state = new Overlay(parentState);
    this.env = env;
    const ctx = { state: this.state, block: env, parentSeal, emit: (event: RuntimeEvent) => this.emit(event) };
    for (const hook of ON_INITIALIZE) hook(ctx);
  }

  get extrinsicCount(): number {
    return this.count;
  }

  /** Applies an extrinsic; throws (leaving state untouched) if it cannot be included in this block. */
  apply(checked: CheckedExtrinsic): ApplyOutcome {
    if (this.finalized) throw new PhalanxError('INTERNAL', 'block already finalised');
    const index = this.count;
    this.phase = { tag: 'ApplyExtrinsic', value: index };
    const mark = this.events.length;
    try {
      // The executive's own context sits one level above the extrinsic's call, so that call runs at
      // depth 0 (as CallContext.depth documents) and sudo may nest MAX_CALL_DEPTH calls below it.
      const outcome = this.state.transaction(() =>
        applyExtrinsic(this.context({ kind: 'signed', account: checked.signer }, -1), checked, index),
      );
      this.count++;
      this.fees += feeFor(checked.bytes.length, checked.extrinsic.tip);
      return outcome;
    } catch (error) {
      this.events.length = mark; // not included: no trace of it
      throw error;
    }
  }

  finalize(): BlockExecution {
    if (this.finalized) throw new PhalanxError('INTERNAL', 'block already finalised');
    this.phase = { tag: 'Finalization', value: null };
    const ctx = {
      state: this.state,
      block: this.env,
      parentSeal: new Uint8Array(64),
      emit: (event: RuntimeEvent) => this.emit(event),
    };
    // The treasury's `feeShare` of the fees goes to the pot, the author gets the rest.
    const toPot = ppmOf(this.fees, treasuryParams(this.state).feeShare);
    if (this.fees - toPot > 0n) deposit(ctx, this.env.author, this.fees - toPot);
    depositToTreasury(this.state, toPot);
    for (const hook of ON_FINALIZE) hook(ctx);
    System.Events.set(this.state, this.events);
    this.finalized = true;
    return { changes: this.state.changes(), events: this.events };
  }

  private emit(event: RuntimeEvent): void {
    this.events.push({ phase: this.phase, event });
  }

  /** The executive's event log: events carry the phase they were emitted in. */
  private readonly log: EventLog = {
    emit: (event) => this.emit(event),
    mark: () => this.events.length,
    rollback: (mark) => {
      this.events.length = mark;
    },
  };

  private context(origin: Origin, depth: number): CallContext {
    return callContext({ state: this.state, block: this.env }, this.log, origin, depth, (inner, at) => this.context(inner, at));
  }
}

export function blockEnvOf(header: Pick<Header, 'number' | 'timestamp' | 'author' | 'parentHash'>): BlockEnv {
  return { number: header.number, timestamp: header.timestamp, author: header.author, parentHash: header.parentHash };
}

/** Re-executes a block for import: every extrinsic must apply, or the block is invalid. */
export function executeBlock(
  parentState: StateReader,
  header: Pick<Header, 'number' | 'timestamp' | 'author' | 'parentHash'>,
  parentSeal: Uint8Array,
  extrinsics: readonly CheckedExtrinsic[],
): BlockExecution {
  let executor: BlockExecutor;
  try {
    executor = new BlockExecutor(parentState, blockEnvOf(header), parentSeal);
  } catch (cause) {
    throw asBlockInvalid(cause, 'initialisation failed');
  }
  extrinsics.forEach((checked, index) => {
    try {
      executor.apply(checked);
    } catch (cause) {
      throw asBlockInvalid(cause, `extrinsic ${index} cannot be applied`);
    }
  });
  return executor.finalize();
}

function asBlockInvalid(cause: unknown, what: string): PhalanxError {
  if (isPhalanxError(cause, 'BLOCK_INVALID')) return cause;
  const reason = cause instanceof PhalanxError ? cause.message : 'unexpected failure';
  return new PhalanxError('BLOCK_INVALID', `block ${what}: ${reason}`, { cause });
}
