import { equalBytes, verifyTagged } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { Mq } from '../mq/storage.js';
import { castVote, mayVote, openVotes } from './commit-votes.js';
import { Phat } from './storage.js';
import { type SignedStateCommit, STATE_COMMIT_KIND, type StateEntryChange, stateCommitBody, stateDigest } from './types.js';

const fail = palletErrors('Phat');

/**
 * Records a contract's state commit, signed by the contract's IdentityKey (any account may relay
 * it). A commit for the block already recorded is a no-op when its digest agrees and evidence
 * (`StateCommitMismatch`, record kept) when it does not; commits older than the recorded one are
 * refused. Unattributed: `commitStateAttested` also says which worker made it.
 */
export function commitState(ctx: CallContext, args: { commit: SignedStateCommit }): void {
  ensureSigned(ctx.origin);
  recordStateCommit(ctx, args.commit, undefined);
}

/**
 * `commitState`'s checks and effects. With `worker` (whose own signature and membership the caller
 * checked), a recorded commit opens its block's votes with that worker's, and a commit for the
 * block already recorded is that worker's vote (once, while the dispute is undecided).
 */
export function recordStateCommit(ctx: CallContext, signed: SignedStateCommit, worker: Uint8Array | undefined): void {
  const { commit, signature } = signed;
  const record = Phat.Contracts.get(ctx.state, commit.contract);
  if (record === undefined) throw fail('ContractNotFound', 'no contract has this id');
  const keys = record.info.publicKeys;
  if (keys === undefined) throw fail('ContractNotDeployed', 'the contract is not deployed yet (its keys are not published)');
  const chainId = Mq.ChainId.get(ctx.state);
  if (chainId === undefined) throw fail('NoChainId', 'the chain has no Mq.ChainId: its genesis predates the MQ pallet');
  if (!verifyTagged('sr25519', keys.identityPubkey, STATE_COMMIT_KIND, chainId, stateCommitBody(commit), signature)) {
    throw fail('BadSignature', "the state commit is not signed by the contract's identity key for this chain");
  }
  if (commit.block > ctx.block.number)
    throw fail('FutureCommit', `the commit is for block ${commit.block}, after the current block ${ctx.block.number}`);
  const commands = Phat.CommandSequences.get(ctx.state, commit.contract) ?? 0n;
  if (commit.commandSequence > commands) {
    throw fail('FutureCommit', `the commit covers ${commit.commandSequence} commands but only ${commands} were submitted`);
  }
  const last = Phat.StateCommits.get(ctx.state, commit.contract);
  if (last !== undefined && commit.block < last.block) {
    throw fail('StaleCommit', `a commit for block ${last.block} is already recorded; this one is for block ${commit.block}`);
  }
  if (last !== undefined && commit.block > last.block && commit.commandSequence < last.commandSequence) {
    throw fail(
      'StaleCommit',
      `the recorded commit already covers ${last.commandSequence} commands; this one covers ${commit.commandSequence}`,
    );
  }
  const previous = last?.digest ?? new Uint8Array(32);
  if (last === undefined || commit.block > last.block) {
    if (!equalBytes(stateDigest(previous, commit.block, commit.commandSequence, commit.changes), commit.digest)) {
      throw fail('BadDigest', 'the commit digest does not match its changes and the recorded digest');
    }
    assertSortedUnique(commit.changes);
  }
  if (last !== undefined && commit.block === last.block) {
    if (!equalBytes(last.digest, commit.digest) || last.commandSequence !== commit.commandSequence) {
      const event = { contract: commit.contract, block: commit.block, recorded: last.digest, conflicting: commit.digest };
      ctx.emit({ tag: 'Phat', value: { tag: 'StateCommitMismatch', value: event } });
    }
    const votes = Phat.CommitVotes.get(ctx.state, [commit.contract, commit.block]);
    if (worker !== undefined && votes !== undefined && mayVote(votes, worker)) {
      castVote(ctx, commit.contract, commit.block, votes, { worker, digest: commit.digest }, record.workers.length);
    }
    return;
  }
  for (const [name, value] of commit.changes) {
    if (value === undefined) Phat.ContractStorage.remove(ctx.state, [commit.contract, name]);
    else Phat.ContractStorage.set(ctx.state, [commit.contract, name], value);
  }
  Phat.StateCommits.set(ctx.state, commit.contract, {
    block: commit.block,
    commandSequence: commit.commandSequence,
    digest: commit.digest,
    signer: keys.identityPubkey,
    recordedAt: ctx.block.number,
  });
  const { contract, block, commandSequence, digest } = commit;
  ctx.emit({ tag: 'Phat', value: { tag: 'StateCommitted', value: { contract, block, commandSequence, digest } } });
  openVotes(ctx, contract, block, digest, worker);
}

/** Changes come sorted by hidden name, each name once: replicas then produce byte-identical commits. */
function assertSortedUnique(changes: readonly StateEntryChange[]): void {
  for (let i = 1; i < changes.length; i++) {
    if (Buffer.compare((changes[i - 1] as StateEntryChange)[0], (changes[i] as StateEntryChange)[0]) >= 0) {
      throw fail('BadChanges', 'the changes of a commit must be sorted by name, each name once');
    }
  }
}
