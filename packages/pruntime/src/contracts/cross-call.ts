import { PhalanxError } from '@phalanx/errors';
import type { ContractCache } from './cache.js';
import type { ContractState } from './state.js';

export type { CallBroker, CrossCallRequest, CrossCallResult, CrossCallStatus } from './engine.js';

/** What a cross call needs of a contract (a ContractInstance): its code, keys, state and command position. */
export interface CallableContract {
  readonly id: Uint8Array;
  readonly seed: Uint8Array;
  readonly code: string;
  readonly randomKey: Uint8Array;
  readonly state: ContractState;
  readonly applied: bigint;
  readonly commitInterval: number;
  readonly inkCodeHash: Uint8Array | undefined;
  readonly cache: ContractCache;
}

/**
 * Cross-contract calls (issue 14): one contract calling another of the same cluster, in the same
 * command or query, synchronously, for both engines. Limits:
 * - depth: at most `CROSS_CALL_LIMITS.depth` nested calls below the top-level call (pallet-contracts'
 *   default `CallStack` holds 5 frames), a deeper call fails with the callee-trapped code;
 * - no reentrancy: a contract already on the call stack cannot be called again (pallet-contracts
 *   refuses reentry unless the caller allows it; Phalanx never does);
 * - at most `calls` cross calls per top-level call.
 */
export const CROSS_CALL_LIMITS = { depth: 5, calls: 256 } as const;

/**
 * Who can be called, decided from the chain (so every replica decides alike): a contract deployed at
 * or before the call's block, in the caller's cluster. The worker implements it over its instances.
 */
export interface ContractDirectory {
  /**
   * The callee's instance, or `undefined` when the chain says it is not callable from `caller`.
   * Throws `calleeUnavailable()` when the chain says it is callable but this worker cannot run it
   * (no key yet, being rebuilt, or a replay after a late start): running on would diverge from the
   * replicas, so the caller's command must not complete here. A query (`query`) only needs the
   * callee to run here: it changes nothing replicas share.
   */
  callee(caller: CallableContract, target: Uint8Array, block: number, query: boolean): CallableContract | undefined;
  /** Code (a `.contract` bundle) of the caller's cluster whose ink! code hash is `codeHash`, for a delegate call. */
  inkCode(caller: CallableContract, codeHash: Uint8Array): string | undefined;
  /** The worker's public identity key (pink `worker_pubkey`). */
  readonly workerPublicKey?: Uint8Array | undefined;
}

/** The fault a worker turns into a gap for the caller (it never becomes a receipt). */
export function calleeUnavailable(): PhalanxError {
  return new PhalanxError(
    'CONTRACT_FAILED',
    'the callee is deployed in this cluster but this worker does not run it yet: the call cannot be executed here',
    { details: { reason: 'callee-unavailable' } },
  );
}

export const isCalleeUnavailable = (error: unknown): boolean =>
  error instanceof PhalanxError && error.details.reason === 'callee-unavailable';
