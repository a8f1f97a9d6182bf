import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { Mq } from '../mq/storage.js';
import { type SignedCommitClaim, verifyCommitClaim } from './attestation.js';
import { assertContractWorker } from './commit-state-attested.js';
import { castVote } from './commit-votes.js';
import { Phat } from './storage.js';

const fail = palletErrors('Phat');

/**
 * A worker's own digest for a block the chain recorded a commit for (any account may relay it,
 * the worker's IdentityKey signs it). A worker sends one when its digest differs from the recorded
 * one, or when another worker disputes a block it agrees on; each worker votes once per block, and
 * a strict majority decides the dispute (see commit-votes.ts).
 */
export function attestCommit(ctx: CallContext, args: SignedCommitClaim): void {
  ensureSigned(ctx.origin);
  const { contract, block, digest } = args.claim;
  const record = Phat.Contracts.get(ctx.state, contract);
  if (record === undefined) throw fail('ContractNotFound', 'no contract has this id');
  assertContractWorker(record.workers, args.worker);
  const chainId = Mq.ChainId.get(ctx.state);
  if (chainId === undefined) throw fail('NoChainId', 'the chain has no Mq.ChainId: its genesis predates the MQ pallet');
  if (!verifyCommitClaim(args, chainId)) {
    throw fail('BadWorkerSignature', "the claim is not signed by the worker's identity key for this chain");
  }
  const votes = Phat.CommitVotes.get(ctx.state, [contract, block]);
  if (votes === undefined) {
    throw fail('NoRecordedCommit', `no commit is recorded for block ${block} (or it is older than the votes the chain keeps)`);
  }
  if (votes.resolved) throw fail('DisputeResolved', `the dispute over block ${block} is decided already`);
  if (votes.votes.some((v) => equalBytes(v.worker, args.worker))) {
    throw fail('AlreadyAttested', `the worker already signed a digest for block ${block}`);
  }
  castVote(ctx, contract, block, votes, { worker: args.worker, digest }, record.workers.length);
}
