import { ERROR_CODES, isPhalanxError, PhalanxError } from '@phalanx/errors';
import { BLOCK_LIMITS, extrinsicHash } from '@phalanx/primitives';
import {
  type BlockEnv,
  type BlockExecution,
  BlockExecutor,
  type CheckedExtrinsic,
  checkExtrinsic,
  type StateReader,
} from '@phalanx/runtime';
import type { TxPool } from '../pool/tx-pool.js';
import type { SignatureVerifier } from '../verify/verifier.js';

export type TxVerdict =
  | { readonly ok: true; readonly checked: CheckedExtrinsic }
  | { readonly ok: false; readonly error: PhalanxError };

/** A block executed over the best state, ready to stage: what it included and each tx's result. */
export interface ExecutedBlock {
  readonly env: BlockEnv;
  readonly included: CheckedExtrinsic[];
  readonly execution: BlockExecution;
  /** One per transaction CometBFT put in the block, in its order (code 0 = included). */
  readonly results: { readonly code: number; readonly log: string }[];
}

export interface TxChecking {
  readonly pool: TxPool;
  readonly verifier: SignatureVerifier;
  readonly genesisHash: Uint8Array;
}

const asError = (error: unknown): PhalanxError =>
  error instanceof PhalanxError ? error : new PhalanxError('INTERNAL', 'unexpected failure checking a transaction');

/**
 * Decodes and signature-checks a block's transactions. One this node's pool holds passed the same
 * check at CheckTx and is taken from the pool as it is: a transaction is decoded and its signature
 * verified once per node, not again here.
 */
export async function checkTxs(txs: readonly Uint8Array[], checking: TxChecking): Promise<TxVerdict[]> {
  const verdicts: (TxVerdict | undefined)[] = new Array(txs.length);
  const unverified: number[] = [];
  txs.forEach((bytes, index) => {
    if (bytes.length > BLOCK_LIMITS.maxExtrinsicBytes) {
      verdicts[index] = { ok: false, error: new PhalanxError('TX_TOO_LARGE', `transaction ${index} is too large`) };
    } else {
      // Held by our pool: decoded and verified at CheckTx already; reuse that, decode nothing again.
      const held = checking.pool.checked(extrinsicHash(bytes));
      if (held !== undefined) verdicts[index] = { ok: true, checked: held };
      else unverified.push(index);
    }
  });
  const results = await checking.verifier.verifyMany(unverified.map((index) => txs[index] as Uint8Array));
  unverified.forEach((index, i) => {
    const result = results[i];
    verdicts[index] =
      result === null || result === undefined
        ? decoded(txs[index] as Uint8Array, checking.genesisHash)
        : { ok: false, error: new PhalanxError(result.code, result.message) };
  });
  return verdicts as TxVerdict[];
}

function decoded(bytes: Uint8Array, genesisHash: Uint8Array): TxVerdict {
  try {
    return { ok: true, checked: checkExtrinsic(bytes, genesisHash, true) };
  } catch (error) {
    return { ok: false, error: asError(error) };
  }
}

/**
 * Executes a decided block (FinalizeBlock). Every honest validator accepted it in ProcessProposal,
 * so each transaction applies; should one not (a bug, or a block decided by a faulty majority), it
 * is skipped with its error code, identically on every replica, rather than stopping the chain.
 */
export function executeDecided(state: StateReader, env: BlockEnv, parentSeal: Uint8Array, verdicts: readonly TxVerdict[]) {
  const executor = new BlockExecutor(state, env, parentSeal);
  const included: CheckedExtrinsic[] = [];
  const results = verdicts.map((verdict) => {
    if (!verdict.ok) return resultOf(verdict.error);
    try {
      const outcome = executor.apply(verdict.checked);
      included.push(verdict.checked);
      return { code: 0, log: outcome.ok ? 'ok' : 'included; the call failed (System.ExtrinsicFailed)' };
    } catch (error) {
      return resultOf(asError(error));
    }
  });
  return { env, included, execution: executor.finalize(), results } satisfies ExecutedBlock;
}

/** Executes a proposal strictly (ProcessProposal): a transaction that is invalid or cannot apply rejects the block. */
export function executeStrict(state: StateReader, env: BlockEnv, parentSeal: Uint8Array, verdicts: readonly TxVerdict[]) {
  checkLimits(verdicts.map((verdict) => (verdict.ok ? verdict.checked.bytes.length : 0)));
  const executor = new BlockExecutor(state, env, parentSeal);
  const included: CheckedExtrinsic[] = [];
  verdicts.forEach((verdict, index) => {
    if (!verdict.ok) throw new PhalanxError('BLOCK_INVALID', `transaction ${index} is invalid: ${verdict.error.message}`);
    try {
      executor.apply(verdict.checked);
    } catch (error) {
      throw new PhalanxError('BLOCK_INVALID', `transaction ${index} cannot be applied: ${asError(error).message}`);
    }
    included.push(verdict.checked);
  });
  const results = included.map(() => ({ code: 0, log: 'ok' }));
  return { env, included, execution: executor.finalize(), results } satisfies ExecutedBlock;
}

/**
 * Builds this validator's proposal (PrepareProposal) from the mempool's transactions: in the
 * pool's block order (per account by nonce, across accounts the highest tip first), keeping only
 * those that apply, within the block limits and CometBFT's byte budget.
 */
export function buildProposal(
  state: StateReader,
  env: BlockEnv,
  parentSeal: Uint8Array,
  verdicts: readonly TxVerdict[],
  pool: TxPool,
  maxTxBytes: number,
): { txs: Uint8Array[]; executed: ExecutedBlock } {
  const offered = new Map<string, CheckedExtrinsic>();
  for (const verdict of verdicts) if (verdict.ok) offered.set(Buffer.from(verdict.checked.hash).toString('hex'), verdict.checked);
  const ordered: CheckedExtrinsic[] = [];
  for (const tx of pool.ready(state)) {
    const checked = offered.get(tx.id);
    if (checked === undefined) continue;
    ordered.push(checked);
    offered.delete(tx.id);
  }
  ordered.push(...offered.values()); // offered but not in our pool (yet): CometBFT's order
  const executor = new BlockExecutor(state, env, parentSeal);
  const txs: Uint8Array[] = [];
  const included: CheckedExtrinsic[] = [];
  let bytes = 0;
  const budget = Math.min(maxTxBytes, BLOCK_LIMITS.maxBlockBytes);
  for (const checked of ordered) {
    if (txs.length >= BLOCK_LIMITS.maxExtrinsics) break;
    if (bytes + checked.bytes.length > budget) continue;
    try {
      executor.apply(checked);
    } catch (error) {
      if (isPhalanxError(error)) continue; // not includable now (nonce, fee): it waits or is dropped at recheck
      throw error;
    }
    txs.push(checked.bytes);
    included.push(checked);
    bytes += checked.bytes.length;
  }
  // The same execution ProcessProposal would make of these transactions (skipped ones left no trace).
  const executed = { env, included, execution: executor.finalize(), results: included.map(() => ({ code: 0, log: 'ok' })) };
  return { txs, executed };
}

function checkLimits(sizes: readonly number[]): void {
  if (sizes.length > BLOCK_LIMITS.maxExtrinsics) throw new PhalanxError('BLOCK_INVALID', 'the block has too many transactions');
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > BLOCK_LIMITS.maxBlockBytes) throw new PhalanxError('BLOCK_INVALID', `the block's transactions take ${total} bytes`);
}

function resultOf(error: PhalanxError): { code: number; log: string } {
  return { code: ERROR_CODES[error.code], log: `${error.code}: ${error.message}` };
}
