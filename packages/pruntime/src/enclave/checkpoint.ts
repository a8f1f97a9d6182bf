import { seal, unseal } from '@phalanx/crypto';
import { Hash, Header, PublicKey, WorkerInfo } from '@phalanx/primitives';
import { bytes, decode, encode, type Infer, option, struct, tuple, u32, vec } from '@phalanx/scale';

/** What a pRuntime needs to resume: its keys, the chain it follows and where, and its verified state. */
export const CheckpointBody = struct('Checkpoint', {
  identitySecret: bytes(96),
  ecdhSecret: bytes(96),
  genesisHash: Hash,
  genesisHeader: Header,
  bestHeader: Header,
  info: WorkerInfo,
  registeredAt: option(u32),
  /** Gatekeeper role: the MasterKey (if held), a proposed one awaiting the chain, who was sent it. */
  masterSecret: option(bytes(96)),
  proposedSecret: option(bytes(96)),
  handedTo: vec(PublicKey, 1000, 32),
  /** Contracts this worker runs (keys, progress, encrypted state): a SCALE `ContractsSnapshot`. */
  contracts: bytes(1024 * 1024 * 1024),
  state: vec(tuple(bytes(256), bytes(16 * 1024 * 1024)), 10_000_000, 2),
});
export type CheckpointBody = Infer<typeof CheckpointBody>;

const PURPOSE = 'pruntime-checkpoint';

export function sealCheckpoint(sealingKey: Uint8Array, body: CheckpointBody): Uint8Array {
  return seal(sealingKey, PURPOSE, encode(CheckpointBody, body));
}

/** Fails with SEAL_INVALID for a checkpoint from another machine or build, or a modified one. */
export function unsealCheckpoint(sealingKey: Uint8Array, sealed: Uint8Array): CheckpointBody {
  return decode(CheckpointBody, unseal(sealingKey, PURPOSE, sealed));
}
