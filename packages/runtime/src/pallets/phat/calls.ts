import { Envelope, Hash, LIMITS, PublicKey } from '@phalanx/primitives';
import { bytes, enumOf, struct, u32, u64, u128, vec } from '@phalanx/scale';
import { AttestedStateCommit, SignedCommitClaim } from './attestation.js';
import { PHAT_LIMITS, SignedStateCommit } from './types.js';

export const PhatCall = enumOf('PhatCall', {
  /** Root: a new cluster of registered workers. */
  createCluster: struct('createCluster', { clusterId: Hash, workers: vec(PublicKey, PHAT_LIMITS.maxClusterWorkers, 32) }),
  /** Root. */
  addWorkerToCluster: struct('addWorkerToCluster', { clusterId: Hash, worker: PublicKey }),
  /** Signed: stores code under its blake2_256 hash, reserving a deposit. */
  uploadCode: struct('uploadCode', { code: bytes(PHAT_LIMITS.maxCodeBytes) }),
  /** Signed: asks the gatekeepers to deploy a contract; `args` (constructor args) stay encrypted. */
  instantiate: struct('instantiate', { clusterId: Hash, codeHash: Hash, salt: bytes(LIMITS.contractSalt), args: Envelope }),
  /**
   * Signed: an encrypted command to a deployed contract. `gasLimit × gasPrice` is reserved now; the
   * gas used (at most the limit) is paid at the block carrying the receipt, the rest freed.
   */
  command: struct('command', { contract: Hash, envelope: Envelope, gasLimit: u64, gasPrice: u128 }),
  /** Signed by any relayer: a state commit signed by the contract's IdentityKey. */
  commitState: struct('commitState', { commit: SignedStateCommit }),
  /** Signed by any relayer: a state commit, and its claim signed by the worker that made it (attributed). */
  commitStateAttested: AttestedStateCommit,
  /** Signed by any relayer: a worker's own digest for a block with a recorded commit (a vote in its dispute). */
  attestCommit: SignedCommitClaim,
  /** Signed by the deployer: results of a command due within `blocks` blocks, or its workers pay the late penalty (0: none). */
  setExecutionTimeout: struct('setExecutionTimeout', { contract: Hash, blocks: u32 }),
});
