import { DOMAIN, type Keypair, signTagged, verifyTagged } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Hash, PublicKey, Signature64 } from '@phalanx/primitives';
import { bool, encode, type Infer, option, struct, u32, u64, vec } from '@phalanx/scale';
import { PHAT_LIMITS, SignedStateCommit, type StateCommit } from './types.js';

/**
 * A worker's own claim about a contract's state at an interval block: having executed the contract
 * up to `block` with commands `0 .. commandSequence`, its digest is `digest`. Signed by the worker's
 * IdentityKey (every replica holds the contract key, so only this signature says *which* worker).
 */
export const CommitClaim = struct('CommitClaim', { contract: Hash, block: u32, commandSequence: u64, digest: Hash });
export type CommitClaim = Infer<typeof CommitClaim>;

/** Domain tag of commit-claim signatures; the "genesis hash" slot holds `Mq.ChainId`. */
export const WORKER_COMMIT_KIND = DOMAIN.workerCommit;

/** `Phat.attestCommit`: a worker's claim and its signature. */
export const SignedCommitClaim = struct('SignedCommitClaim', { claim: CommitClaim, worker: PublicKey, signature: Signature64 });
export type SignedCommitClaim = Infer<typeof SignedCommitClaim>;

/** `Phat.commitStateAttested`: a state commit (contract signature) and the claim of the worker that made it. */
export const AttestedStateCommit = struct('AttestedStateCommit', {
  commit: SignedStateCommit,
  worker: PublicKey,
  signature: Signature64,
});
export type AttestedStateCommit = Infer<typeof AttestedStateCommit>;

/** The claim a state commit makes (what its worker signs). */
export function claimOf(commit: StateCommit): CommitClaim {
  const { contract, block, commandSequence, digest } = commit;
  return { contract, block, commandSequence, digest };
}

/** Signs a claim with the worker's IdentityKey (sr25519) for the chain `chainId`. */
export function signCommitClaim(worker: Keypair, claim: CommitClaim, chainId: Uint8Array): SignedCommitClaim {
  if (worker.scheme !== 'sr25519')
    throw new PhalanxError('INVALID_INPUT', 'commit claims are signed with the worker sr25519 IdentityKey');
  return {
    claim,
    worker: worker.publicKey,
    signature: signTagged(worker, WORKER_COMMIT_KIND, chainId, encode(CommitClaim, claim)),
  };
}

export function verifyCommitClaim(signed: SignedCommitClaim, chainId: Uint8Array): boolean {
  const body = encode(CommitClaim, signed.claim);
  return verifyTagged('sr25519', signed.worker, WORKER_COMMIT_KIND, chainId, body, signed.signature);
}

/** One worker's signed digest for a (contract, block). */
export const CommitVote = struct('CommitVote', { worker: PublicKey, digest: Hash });
export type CommitVote = Infer<typeof CommitVote>;

/**
 * What the workers signed for one recorded (contract, block): the digest the chain recorded, the
 * worker whose commit it was (none: relayed by `commitState`, unattributed), each worker's one
 * vote, and whether the dispute was decided (it is decided once).
 */
export const CommitVotes = struct('CommitVotes', {
  recorded: Hash,
  recordedBy: option(PublicKey),
  votes: vec(CommitVote, PHAT_LIMITS.maxClusterWorkers),
  resolved: bool,
});
export type CommitVotes = Infer<typeof CommitVotes>;

/** Recorded blocks per contract whose votes are kept (older ones are dropped: attestations come within a few intervals). */
export const VOTED_BLOCKS_KEPT = 8;
export const VotedBlocks = vec(u32, VOTED_BLOCKS_KEPT);
