import { AccountId, Envelope, Hash, PublicKey } from '@phalanx/primitives';
import { bool, enumOf, struct, u32, u64, u128, vec } from '@phalanx/scale';
import { PHAT_LIMITS, ReceiptFor } from './types.js';

const Workers = vec(PublicKey, PHAT_LIMITS.maxClusterWorkers, 32);

export const PhatEvent = enumOf('PhatEvent', {
  ClusterCreated: struct('ClusterCreated', { cluster: Hash, workers: Workers }),
  WorkerAddedToCluster: struct('WorkerAddedToCluster', { cluster: Hash, worker: PublicKey }),
  CodeUploaded: struct('CodeUploaded', { codeHash: Hash, owner: AccountId, size: u32, deposit: u128 }),
  InstantiationRequested: struct('InstantiationRequested', {
    contract: Hash,
    cluster: Hash,
    deployer: AccountId,
    codeHash: Hash,
  }),
  ContractDeployed: struct('ContractDeployed', { contract: Hash, workers: Workers }),
  /** A gatekeeper published other keys for an already deployed contract: the first keys stay (evidence). */
  ContractKeysConflict: struct('ContractKeysConflict', { contract: Hash, gatekeeper: PublicKey }),
  CommandSubmitted: struct('CommandSubmitted', { contract: Hash, sender: AccountId, sequence: u64 }),
  /** A call's receipt (ok/error, result, gas, events), encrypted to the caller. */
  ContractCalled: struct('ContractCalled', { contract: Hash, for: ReceiptFor, receipt: Envelope }),
  /** A command's gas was paid at its receipt: `charged` = min(gasUsed, limit) × price; the rest of the reserve is free again. */
  GasSettled: struct('GasSettled', { contract: Hash, sequence: u64, payer: AccountId, gasUsed: u64, charged: u128 }),
  /** No receipt came within the timeout: the command's whole gas reserve is free again. */
  GasRefunded: struct('GasRefunded', { contract: Hash, sequence: u64, payer: AccountId, amount: u128 }),
  ExecutionTimeoutSet: struct('ExecutionTimeoutSet', { contract: Hash, blocks: u32 }),
  /** A command's receipt did not come within its contract's execution timeout: `workers` pay the late penalty. */
  ExecutionTimedOut: struct('ExecutionTimedOut', { contract: Hash, sequence: u64, workers: Workers }),
  StateCommitted: struct('StateCommitted', { contract: Hash, block: u32, commandSequence: u64, digest: Hash }),
  /** Two validly signed commits of one contract disagree about one block (spec "Arbitration" evidence). */
  StateCommitMismatch: struct('StateCommitMismatch', { contract: Hash, block: u32, recorded: Hash, conflicting: Hash }),
  /** A worker signed `digest` for a recorded (contract, block): its own commit, or an attestation. */
  CommitAttested: struct('CommitAttested', { contract: Hash, block: u32, worker: PublicKey, digest: Hash }),
  /**
   * A majority of the contract's workers signed `digest` for the block; `slashed` signed another and
   * lost `StakePool.MismatchSlash` of their locked stake. `recordedLost`: the recorded commit was
   * not the majority's (the stored state is not corrected yet).
   */
  CommitDisputeResolved: struct('CommitDisputeResolved', {
    contract: Hash,
    block: u32,
    digest: Hash,
    slashed: Workers,
    recordedLost: bool,
  }),
});
