import { blake2_256, type Keypair, signTagged } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { AccountId, ContractInfo, Envelope, Hash, LIMITS, PublicKey, Signature64 } from '@phalanx/primitives';
import { bytes, encode, enumOf, type Infer, option, struct, tuple, u32, u64, u128, unit, vec } from '@phalanx/scale';
import { UNIT } from '../../constants.js';

/** Size caps and deposits of the Phat pallet. */
export const PHAT_LIMITS = {
  /** Largest contract code (note: an extrinsic is at most 128 KiB today, see BLOCK_LIMITS). */
  maxCodeBytes: 512 * 1024,
  /** Workers of one cluster (and so the replicas of one contract). */
  maxClusterWorkers: 64,
  /** Contracts of one cluster (the index gatekeepers use to provision a worker added later). */
  maxClusterContracts: 4096,
  /** Entries one state commit may change. */
  maxCommitChanges: 1024,
  /** One encrypted storage entry on chain (IV + ciphertext + tag of a value of at most 16 KiB). */
  maxEntryBytes: 16 * 1024 + 64,
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
  /**
   * The constructor arguments, re-encrypted by the gatekeepers to the contract's own EcdhKey (the
   * deployer could only encrypt them to the MasterKey: the contract key did not exist yet).
   */
  initArgs: option(Envelope),
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
export const CommandMessage = struct('CommandMessage', {
  contract: Hash,
  sender: AccountId,
  sequence: u64,
  /** The account nonce of the extrinsic that carried the command: the envelope must name the same (no replay). */
  txNonce: u32,
  /** The most gas the command may use: its sender reserved `gasLimit × price` for it. */
  gasLimit: u64,
  envelope: Envelope,
});
export type CommandMessage = Infer<typeof CommandMessage>;

/** Gatekeeper message to the chain (topic "phalanx/phat/contract-keys"): a contract is ready. */
export const ContractKeysMessage = struct('ContractKeysMessage', {
  contract: Hash,
  identityPubkey: PublicKey,
  ecdhPubkey: PublicKey,
  /** The constructor arguments re-encrypted to the contract's EcdhKey (empty plaintext: unreadable). */
  initArgs: Envelope,
});

/** Pallet message to gatekeepers (topic "phalanx/phat/provision"): send these contracts' keys to a worker added later. */
export const ProvisionRequest = struct('ProvisionRequest', {
  worker: PublicKey,
  contracts: vec(
    struct('ProvisionedContract', {
      contract: Hash,
      cluster: Hash,
      deployer: AccountId,
      codeHash: Hash,
      salt: bytes(LIMITS.contractSalt),
    }),
    PHAT_LIMITS.maxClusterContracts,
  ),
});
export type ProvisionRequest = Infer<typeof ProvisionRequest>;

/** One receipt of a contract call, encrypted to its caller; `Init` is the constructor's. */
export const ReceiptFor = enumOf('ReceiptFor', { Init: unit, Command: u64 });
export type ReceiptFor = Infer<typeof ReceiptFor>;
/**
 * `gasUsed` is in the clear: the chain bills it (see gas.ts). It tells the chain how much work a call
 * did, nothing of what it did; the envelope (ok, result, events) stays encrypted.
 */
export const ContractReceipt = struct('ContractReceipt', { for: ReceiptFor, gasUsed: u64, receipt: Envelope });
export type ContractReceipt = Infer<typeof ContractReceipt>;

/** Contract → chain (topic "phalanx/phat/receipts"): the receipts of one block's calls. */
export const ContractReceipts = struct('ContractReceipts', { contract: Hash, receipts: vec(ContractReceipt, 10_000) });
export type ContractReceipts = Infer<typeof ContractReceipts>;
export type ContractKeysMessage = Infer<typeof ContractKeysMessage>;

/**
 * A worker's commitment to a contract's state: after executing the contract up to `block`, having
 * applied the commands `0 .. commandSequence`, its state digest is `digest`. Replicas produce
 * identical commits.
 */
export const StateEntryChange = tuple(Hash, option(bytes(PHAT_LIMITS.maxEntryBytes)));
export type StateEntryChange = Infer<typeof StateEntryChange>;
export const StateCommit = struct('StateCommit', {
  contract: Hash,
  block: u32,
  commandSequence: u64,
  /** Entries changed since the last commit: hidden name → encrypted value (`undefined`: deleted), sorted by name. */
  changes: vec(StateEntryChange, PHAT_LIMITS.maxCommitChanges),
  /** `stateDigest(previous digest, block, commandSequence, changes)`: a hash chain over every commit. */
  digest: Hash,
});
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

const DigestInput = struct('StateDigestInput', {
  previous: Hash,
  block: u32,
  commandSequence: u64,
  changes: vec(StateEntryChange, PHAT_LIMITS.maxCommitChanges),
});

/** The digest a commit carries; the chain recomputes it from the recorded digest (zero before the first). */
export function stateDigest(
  previous: Uint8Array,
  block: number,
  commandSequence: bigint,
  changes: readonly StateEntryChange[],
): Uint8Array {
  return blake2_256(encode(DigestInput, { previous, block, commandSequence, changes: [...changes] }));
}

/** What a command waiting for its receipt reserved for gas (see gas.ts), by (contract, sequence). */
export const GasReservation = struct('GasReservation', { payer: AccountId, gasLimit: u64, gasPrice: u128, expiresAt: u32 });
export type GasReservation = Infer<typeof GasReservation>;
export const CommandKey = tuple(Hash, u64);
export type CommandKey = Infer<typeof CommandKey>;
