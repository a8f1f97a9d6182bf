import { Hash, PublicKey } from '@phalanx/primitives';
import { bytes, tuple, u32, u64, vec } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';
import { CommitVotes, VotedBlocks } from './attestation.js';
import { ClusterInfo, CodeInfo, CommandKey, ContractRecord, GasReservation, PHAT_LIMITS, StateCommitRecord } from './types.js';

export const Phat = {
  Clusters: storageMap('Phat', 'Clusters', Hash, ClusterInfo),
  /** Contract code by its blake2_256 hash. */
  Codes: storageMap('Phat', 'Codes', Hash, bytes(PHAT_LIMITS.maxCodeBytes)),
  CodeInfo: storageMap('Phat', 'CodeInfo', Hash, CodeInfo),
  Contracts: storageMap('Phat', 'Contracts', Hash, ContractRecord),
  /** A deployed contract's id by its identity public key (MQ contract origins, state commits). */
  ContractByIdentity: storageMap('Phat', 'ContractByIdentity', PublicKey, Hash),
  /** Next command sequence of each contract (0 when absent): workers order and dedupe by it. */
  CommandSequences: storageMap('Phat', 'CommandSequences', Hash, u64),
  /** What each command waiting for its receipt reserved for gas, by (contract, sequence). */
  GasReservations: storageMap('Phat', 'GasReservations', CommandKey, GasReservation),
  /**
   * The commands whose reservation runs out at each block (refunded then if still reserved): a count
   * per block and one entry per (block, index), so a block of many commands appends in O(1) each.
   */
  GasExpiryCount: storageMap('Phat', 'GasExpiryCount', u32, u32),
  GasExpiries: storageMap('Phat', 'GasExpiries', tuple(u32, u32), CommandKey),
  /** A contract's execution timeout in blocks, set by its deployer (absent: none). */
  ExecutionTimeouts: storageMap('Phat', 'ExecutionTimeouts', Hash, u32),
  /** Commands whose receipt is due at each block (as GasExpiries: a count and one entry per index). */
  ExecutionDeadlineCount: storageMap('Phat', 'ExecutionDeadlineCount', u32, u32),
  ExecutionDeadlines: storageMap('Phat', 'ExecutionDeadlines', tuple(u32, u32), CommandKey),
  /** The last state commit recorded per contract. */
  StateCommits: storageMap('Phat', 'StateCommits', Hash, StateCommitRecord),
  /**
   * Who signed what for a recorded commit, by (contract, block): opened when the commit is recorded,
   * kept for the contract's last VOTED_BLOCKS_KEPT recorded blocks (`VotedBlocks`, oldest first).
   */
  CommitVotes: storageMap('Phat', 'CommitVotes', tuple(Hash, u32), CommitVotes),
  VotedBlocks: storageMap('Phat', 'VotedBlocks', Hash, VotedBlocks),
  /** Workers commit contract state every this many blocks (DEFAULT_COMMIT_INTERVAL when absent). */
  CommitInterval: storageValue('Phat', 'CommitInterval', u32),
  /** Contracts instantiated in each cluster. */
  ClusterContracts: storageMap('Phat', 'ClusterContracts', Hash, vec(Hash, PHAT_LIMITS.maxClusterContracts, 32)),
  /** A contract's committed state: (contract, hidden entry name) → encrypted value. Ciphertext only. */
  ContractStorage: storageMap('Phat', 'ContractStorage', tuple(Hash, Hash), bytes(PHAT_LIMITS.maxEntryBytes)),
} as const;

/** Replicas must agree on when they commit, so the interval is chain state. */
export const DEFAULT_COMMIT_INTERVAL = 10;
