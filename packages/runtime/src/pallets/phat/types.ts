import { type Keypair, signTagged } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { AccountId, ContractInfo, Envelope, Hash, LIMITS, PublicKey, Signature64 } from '@phalanx/primitives';
import { bytes, encode, type Infer, option, struct, u32, u64, u128, vec } from '@phalanx/scale';
import { UNIT } from '../../constants.js';

/** Size caps and deposits of the Phat pallet. */
export const PHAT_LIMITS = {
  /** Largest contract code (note: an extrinsic is at most 128 KiB today, see BLOCK_LIMITS). */
  maxCodeBytes: 512 * 1024,
  /** Workers of one cluster (and so the replicas of one contract). */
  maxClusterWorkers: 64,
} as const;

/** Code storage deposit: reserved from the uploader, `base + perByte × size`. */
export const CODE_DEPOSIT = { base: UNIT / 100n, perByte: UNIT / 1_000_000n } as const;

export function codeDeposit(size: number): bigint {
  return CODE_DEPOSIT.base + CODE_DEPOSIT.perByte * BigInt(size);
}

export const ClusterInfo = struct('ClusterInfo', { workers: vec(PublicKey, PHAT_LIMITS.maxClusterWorkers, 32) });
export type ClusterInfo = Infer<typeof ClusterInfo>;

/** Who uploaded a code and what they reserved for it. */
export const CodeInfo = struct('CodeInfo', { owner: AccountId, deposit: u128, size: u32 });
export type CodeInfo = Infer<typeof CodeInfo>;

/**
 * A contract on chain: its identity and public keys (`info`; `info.publicKeys` is set once
 * deployed), and the workers it was deployed to (the cluster's workers at that time).
 */
export const ContractRecord = struct('ContractRecord', {
  info: ContractInfo,
  instantiatedAt: u32,
  /** `undefined` while pending: the gatekeepers have not published the contract's keys yet. */
  deployedAt: option(u32),
  workers: vec(PublicKey, PHAT_LIMITS.maxClusterWorkers, 32),
});
export type ContractRecord = Infer<typeof ContractRecord>;

/** Pallet message to gatekeepers (topic "phalanx/phat/instantiate"). `args` stays encrypted. */
export const InstantiateRequest = struct('InstantiateRequest', {
  contract: Hash,
  cluster: Hash,
  deployer: AccountId,
  codeHash: Hash,
  salt: bytes(LIMITS.contractSalt),
  args: Envelope,
});
export type InstantiateRequest = Infer<typeof InstantiateRequest>;

/** Pallet message to a contract's workers (topic "phalanx/phat/command"), in sequence order. */
export const CommandMessage = struct('CommandMessage', { contract: Hash, sender: AccountId, sequence: u64, envelope: Envelope });
export type CommandMessage = Infer<typeof CommandMessage>;

/** Gatekeeper message to the chain (topic "phalanx/phat/contract-keys"): a contract is ready. */
export const ContractKeysMessage = struct('ContractKeysMessage', {
  contract: Hash,
  identityPubkey: PublicKey,
  ecdhPubkey: PublicKey,
});
export type ContractKeysMessage = Infer<typeof ContractKeysMessage>;

/**
 * A worker's commitment to a contract's state: after executing the contract up to `block`, having
 * applied the commands `0 .. commandSequence`, its state digest is `digest`. Replicas produce
 * identical commits.
 */
export const StateCommit = struct('StateCommit', { contract: Hash, block: u32, commandSequence: u64, digest: Hash });
export type StateCommit = Infer<typeof StateCommit>;

/** A commit signed by the contract's IdentityKey (see `signStateCommit`). */
export const SignedStateCommit = struct('SignedStateCommit', { commit: StateCommit, signature: Signature64 });
export type SignedStateCommit = Infer<typeof SignedStateCommit>;

/** The last commit recorded for a contract. */
export const StateCommitRecord = struct('StateCommitRecord', {
  block: u32,
  commandSequence: u64,
  digest: Hash,
  /** The contract identity key that signed it. */
  signer: PublicKey,
  /** The block the commit was recorded in. */
  recordedAt: u32,
});
export type StateCommitRecord = Infer<typeof StateCommitRecord>;

/** Domain tag of state-commit signatures; the "genesis hash" slot holds `Mq.ChainId`. */
export const STATE_COMMIT_KIND = 'phat-state-commit';

export function stateCommitBody(commit: StateCommit): Uint8Array {
  return encode(StateCommit, commit);
}

/** Signs a commit with the contract's IdentityKey (sr25519) for the chain `chainId`. */
export function signStateCommit(identity: Keypair, commit: StateCommit, chainId: Uint8Array): SignedStateCommit {
  if (identity.scheme !== 'sr25519')
    throw new PhalanxError('INVALID_INPUT', 'state commits are signed with the contract sr25519 IdentityKey');
  return { commit, signature: signTagged(identity, STATE_COMMIT_KIND, chainId, stateCommitBody(commit)) };
}
