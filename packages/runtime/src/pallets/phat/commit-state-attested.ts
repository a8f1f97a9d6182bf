import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { Mq } from '../mq/storage.js';
import { type AttestedStateCommit, claimOf, verifyCommitClaim } from './attestation.js';
import { recordStateCommit } from './commit-state.js';
import { Phat } from './storage.js';

const fail = palletErrors('Phat');

/**
 * `commitState`, attributed: the worker that made the commit also signs its claim (contract, block,
 * command sequence, digest) with its own IdentityKey. The chain records which worker signed the
 * recorded commit (`Phat.CommitVotes`), and a commit for a block already recorded counts as that
 * worker's vote in the block's dispute. Only the contract's workers may sign one.
 */
export function commitStateAttested(ctx: CallContext, args: AttestedStateCommit): void {
  ensureSigned(ctx.origin);
  const { commit } = args.commit;
  const record = Phat.Contracts.get(ctx.state, commit.contract);
  if (record === undefined) throw fail('ContractNotFound', 'no contract has this id');
  assertContractWorker(record.workers, args.worker);
  const chainId = Mq.ChainId.get(ctx.state);
  if (chainId === undefined) throw fail('NoChainId', 'the chain has no Mq.ChainId: its genesis predates the MQ pallet');
  if (!verifyCommitClaim({ claim: claimOf(commit), worker: args.worker, signature: args.signature }, chainId)) {
    throw fail('BadWorkerSignature', "the commit's claim is not signed by the worker's identity key for this chain");
  }
  recordStateCommit(ctx, args.commit, args.worker);
}

/** Commits and attestations come from the workers the contract was deployed to (or added to since). */
export function assertContractWorker(workers: readonly Uint8Array[], worker: Uint8Array): void {
  if (!workers.some((w) => equalBytes(w, worker))) {
    throw fail('NotContractWorker', "the worker does not serve this contract (it is not one of the contract's workers)");
  }
}
