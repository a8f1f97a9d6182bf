import { AccountId, Envelope, Hash, Header, LIMITS, SignedMessage, WorkerInfo } from '@phalanx/primitives';
import { Attestation, AttestedStateCommit, SignedCommitClaim, SignedEcdhRotation, SignedStateCommit } from '@phalanx/runtime';
import { bytes, enumOf, type Infer, option, str, struct, tuple, u8, u32, unit, vec } from '@phalanx/scale';
import { FinalityProof } from '../light-client/finality.js';

/**
 * The ecall API: the only way the untrusted host talks to the pRuntime. Requests and responses
 * are SCALE; nothing secret ever appears in a response (sealed checkpoints are ciphertext under a
 * key only this enclave build on this machine can derive). Version bumps when the API changes.
 */
export const ECALL_API_VERSION = 6;

const MAX_STATE_ENTRIES = 10_000_000;
const StateEntries = vec(tuple(bytes(256), bytes(16 * 1024 * 1024)), MAX_STATE_ENTRIES, 2);
const StateChanges = vec(tuple(bytes(256), option(bytes(16 * 1024 * 1024))), MAX_STATE_ENTRIES, 2);

export const EcallRequest = enumOf('EcallRequest', {
  /** First start: the chain to follow (genesis from the host, checked against `genesisHash`) and this worker's public facts. */
  Init: struct('Init', {
    apiVersion: u32,
    genesisHash: Hash,
    genesisHeader: Header,
    genesisState: StateEntries,
    endpoints: vec(str(LIMITS.endpointLength), LIMITS.workerEndpoints),
    operator: option(AccountId),
  }),
  /** Restart: a sealed checkpoint this enclave wrote earlier, and the endpoints to advertise now. */
  Resume: struct('Resume', {
    apiVersion: u32,
    sealed: bytes(1024 * 1024 * 1024),
    endpoints: vec(str(LIMITS.endpointLength), LIMITS.workerEndpoints),
  }),
  /** The next block's header and its state changes (from the node, relayed by the host). */
  /** The next block, its state changes, and what makes it final on this chain's engine. */
  FeedBlock: struct('FeedBlock', { header: Header, changes: StateChanges, proof: FinalityProof }),
  GetInfo: unit,
  /** Messages and registrations the enclave wants submitted to the chain. */
  TakeEgress: unit,
  /** Seals the current state for the host to store. */
  Checkpoint: unit,
  /** A caller's encrypted, signed query (the host relays it from its public endpoint, unreadable). */
  Query: Envelope,
});
export type EcallRequest = Infer<typeof EcallRequest>;

/** What the enclave asks the host to put on chain (the host can delay these, not alter them). */
export const EgressItem = enumOf('EgressItem', {
  RegisterWorker: struct('RegisterWorker', { info: WorkerInfo, attestation: Attestation }),
  PushMessage: SignedMessage,
  /** A contract's state commit (signed by its identity key): the host submits `phat.commitState`. */
  CommitState: SignedStateCommit,
  /** A state commit, also signed by this worker's identity key: the host submits `phat.commitStateAttested`. */
  CommitStateAttested: AttestedStateCommit,
  /** This worker's own digest for a block with a recorded commit it disputes or backs: `phat.attestCommit`. */
  AttestCommit: SignedCommitClaim,
  /** A new EcdhKey for this pRuntime, signed by its IdentityKey: the host submits `registry.rotateEcdhKey`. */
  RotateEcdh: SignedEcdhRotation,
});
export type EgressItem = Infer<typeof EgressItem>;

export const EnclaveInfo = struct('EnclaveInfo', {
  apiVersion: u32,
  info: WorkerInfo,
  tee: str(16),
  insecure: option(str(256)),
  bestNumber: u32,
  bestHash: Hash,
  registered: option(u32),
  halted: option(str(512)),
  /** The MasterKey's public key, when this pRuntime is a gatekeeper holding it. */
  masterPubkey: option(Hash),
  /** Under a threshold MasterKey: which share this gatekeeper holds (its index and epoch; never the share). */
  keyShare: option(struct('KeyShareInfo', { index: u8, epoch: u32 })),
  /** Gatekeepers' contract-key answers this worker refused (wrong proof, epoch…), the latest 64: who lied, named. */
  refusedKeyAnswers: vec(struct('RefusedKeyAnswer', { contract: Hash, gatekeeper: u8, reason: str(256) }), 64),
  /** Contracts whose keys this worker holds. */
  contracts: vec(Hash, 100_000, 32),
});
export type EnclaveInfo = Infer<typeof EnclaveInfo>;

export const EcallResponse = enumOf('EcallResponse', {
  Ok: unit,
  Info: EnclaveInfo,
  Egress: vec(EgressItem, 10_000),
  Sealed: bytes(1024 * 1024 * 1024),
  /** A query's answer, encrypted to the caller's one-off key. */
  QueryAnswer: Envelope,
  /**
   * A failure: the error's code (checked by the host against the code table), a message with no
   * secret in it, and an optional machine-readable reason (e.g. why a checkpoint was refused).
   */
  Error: struct('EcallError', { code: str(32), message: str(1024), reason: option(str(32)) }),
});
export type EcallResponse = Infer<typeof EcallResponse>;
