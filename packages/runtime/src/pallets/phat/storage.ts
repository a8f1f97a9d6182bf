import { Hash, PublicKey } from '@phalanx/primitives';
import { bytes, u64 } from '@phalanx/scale';
import { storageMap } from '../../state/storage.js';
import { ClusterInfo, CodeInfo, ContractRecord, PHAT_LIMITS, StateCommitRecord } from './types.js';

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
  /** The last state commit recorded per contract. */
  StateCommits: storageMap('Phat', 'StateCommits', Hash, StateCommitRecord),
} as const;
