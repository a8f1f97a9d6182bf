import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { penaltyParams } from '../stake-pool/penalties.js';
import { slashLocked } from '../stake-pool/rewards.js';
import { type CommitVotes, VOTED_BLOCKS_KEPT } from './attestation.js';
import { Phat } from './storage.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/**
 * Opens the votes of a commit just recorded for (contract, block): the recording worker's vote, if
 * the commit was attributed. Only the contract's last VOTED_BLOCKS_KEPT recorded blocks keep theirs.
 */
export function openVotes(ctx: Ctx, contract: Uint8Array, block: number, digest: Uint8Array, worker?: Uint8Array): void {
  const kept = Phat.VotedBlocks.get(ctx.state, contract) ?? [];
  const dropped = kept.length >= VOTED_BLOCKS_KEPT ? kept.slice(0, kept.length - VOTED_BLOCKS_KEPT + 1) : [];
  for (const old of dropped) Phat.CommitVotes.remove(ctx.state, [contract, old]);
  Phat.VotedBlocks.set(ctx.state, contract, [...kept.slice(dropped.length), block]);
  const votes = worker === undefined ? [] : [{ worker, digest }];
  Phat.CommitVotes.set(ctx.state, [contract, block], { recorded: digest, recordedBy: worker, votes, resolved: false });
  if (worker !== undefined) emitAttested(ctx, contract, block, worker, digest);
}

/** Whether `worker` may still vote on these votes: not decided yet, and no vote of its own in them. */
export function mayVote(votes: CommitVotes, worker: Uint8Array): boolean {
  return !votes.resolved && !votes.votes.some((v) => equalBytes(v.worker, worker));
}

/**
 * Adds `worker`'s vote for `digest` (the caller checked `mayVote` and that the worker serves the
 * contract) and decides the dispute when it can: see `decide`.
 */
export function castVote(
  ctx: Ctx,
  contract: Uint8Array,
  block: number,
  votes: CommitVotes,
  vote: { worker: Uint8Array; digest: Uint8Array },
  clusterSize: number,
): void {
  const next = { ...votes, votes: [...votes.votes, vote] };
  emitAttested(ctx, contract, block, vote.worker, vote.digest);
  Phat.CommitVotes.set(ctx.state, [contract, block], decide(ctx, contract, block, next, clusterSize));
}

/**
 * Re-execution decides: once at least two digests are signed for one block and one of them is
 * signed by a strict majority of the contract's workers (2·votes > workers), every worker that
 * signed another digest has `MismatchSlash` of its locked stake burned. Decided once: later votes
 * are refused. When the recorded commit lost, the event says so; the stored state stays as
 * recorded (correcting it is the next step).
 */
function decide(ctx: Ctx, contract: Uint8Array, block: number, votes: CommitVotes, clusterSize: number): CommitVotes {
  const tally = new Map<string, { digest: Uint8Array; count: number }>();
  for (const { digest } of votes.votes) {
    const key = Buffer.from(digest).toString('hex');
    const entry = tally.get(key) ?? { digest, count: 0 };
    tally.set(key, { digest, count: entry.count + 1 });
  }
  if (tally.size < 2) return votes;
  const winner = [...tally.values()].find((t) => 2 * t.count > clusterSize);
  if (winner === undefined) return votes;
  const losers = votes.votes.filter((v) => !equalBytes(v.digest, winner.digest)).map((v) => v.worker);
  const ppm = penaltyParams(ctx).mismatchSlash;
  for (const worker of losers) slashLocked(ctx, worker, ppm, 'commit-mismatch');
  const recordedLost = !equalBytes(winner.digest, votes.recorded);
  const event = { contract, block, digest: winner.digest, slashed: losers, recordedLost };
  ctx.emit({ tag: 'Phat', value: { tag: 'CommitDisputeResolved', value: event } });
  return { ...votes, resolved: true };
}

function emitAttested(ctx: Ctx, contract: Uint8Array, block: number, worker: Uint8Array, digest: Uint8Array): void {
  ctx.emit({ tag: 'Phat', value: { tag: 'CommitAttested', value: { contract, block, worker, digest } } });
}
