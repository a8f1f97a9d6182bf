import { Hash } from '@phalanx/primitives';
import { CommandMessage, InstantiateRequest, PHAT_LIMITS } from '@phalanx/runtime';
import { bool, bytes, option, struct, tuple, u32, u64, vec } from '@phalanx/scale';

const BlockEnvCodec = struct('BlockEnv', { number: u32, timestamp: u64 });

/** A contract's place in the checkpoint: keys (seed), progress and encrypted state. */
export const ContractSnapshot = struct('ContractSnapshot', {
  id: Hash,
  seed: bytes(32),
  applied: u64,
  committed: u64,
  initialized: bool,
  mqSequence: u64,
  entries: vec(tuple(Hash, bytes(PHAT_LIMITS.maxEntryBytes)), 10_000_000, 2),
  dirty: vec(tuple(Hash, option(bytes(PHAT_LIMITS.maxEntryBytes)), u64), 10_000_000, 2),
  /** The commit interval being weighed and the clear size of each entry written in it. */
  windowIndex: u32,
  window: vec(tuple(Hash, u32), PHAT_LIMITS.maxCommitChanges),
});

/** Commands of contracts this worker has no key for yet (it may be provisioned later and replay them). */
export const BufferedCommand = struct('BufferedCommand', { message: CommandMessage, block: BlockEnvCodec });

/** Instantiation requests seen, with the block that deployed them once known. */
export const SeenRequest = struct('SeenRequest', { request: InstantiateRequest, deployedIn: option(BlockEnvCodec) });

export const ContractsSnapshot = struct('ContractsSnapshot', {
  contracts: vec(ContractSnapshot, 100_000),
  buffered: vec(BufferedCommand, 1_000_000),
  requests: vec(SeenRequest, 100_000),
  /** Keys of contracts waiting for a newer commit to be rebuilt from. */
  waiting: vec(tuple(Hash, bytes(32), option(u32)), 100_000),
});
