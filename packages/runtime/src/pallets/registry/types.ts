import { AccountId, Hash, PublicKey, Signature64, WorkerInfo } from '@phalanx/primitives';
import { bool, bytes, enumOf, fixedBytes, type Infer, struct, u8, u32, unit, vec } from '@phalanx/scale';

/** Size caps of the registry's storage and calls. */
export const REGISTRY_LIMITS = {
  /** Registered workers (`WorkerIds` lists them all). */
  maxWorkers: 4096,
  maxGatekeepers: 64,
  /** Entries of the measurement allow-list. */
  maxMeasurements: 256,
  /** Trusted TEE-simulator keys. */
  maxSimSigners: 16,
  /** A DCAP quote and its collateral. */
  maxQuoteBytes: 16 * 1024,
  maxCollateralBytes: 64 * 1024,
} as const;

/**
 * Confidence levels of spec 001: 1 is the best (no known attack applies), 5 the worst. A
 * simulator protects nothing, so its reports get the worst level.
 */
export const CONFIDENCE = { best: 1, worst: 5, sim: 5, maxForGatekeeper: 2 } as const;

/** Which TEE produced a worker's attestation. */
export const TeeKind = enumOf('TeeKind', { Sim: unit, Sgx: unit, Tdx: unit });
export type TeeKind = Infer<typeof TeeKind>;

/**
 * How the chain judges attestations. `maxConfidenceLevel` is the worst level still accepted:
 * a report whose level is numerically greater (worse) is refused.
 */
export const AttestationSettings = struct('AttestationSettings', {
  /** Accept reports of the TEE simulator (development chains only). */
  allowSim: bool,
  /** sr25519 keys of the simulators whose reports are accepted when `allowSim`. */
  simSigners: vec(PublicKey, REGISTRY_LIMITS.maxSimSigners, 32),
  maxConfidenceLevel: u8,
});
export type AttestationSettings = Infer<typeof AttestationSettings>;

/** Without a genesis registry section: no simulator, any real TEE level (DCAP still to come). */
export const DEFAULT_ATTESTATION_SETTINGS: AttestationSettings = Object.freeze({
  allowSim: false,
  simSigners: [],
  maxConfidenceLevel: CONFIDENCE.worst,
});

/** A TEE simulator's report: `signature` by `signer` over SCALE(measurement, reportData) (see attestation.ts). */
export const SimReport = struct('SimReport', {
  measurement: Hash,
  reportData: fixedBytes(64),
  signer: PublicKey,
  signature: Signature64,
});
export type SimReport = Infer<typeof SimReport>;

/** What a worker proves itself with. */
export const Attestation = enumOf('Attestation', {
  Sim: SimReport,
  /** An SGX/TDX DCAP quote with its collateral (JSON, as Intel PCS/PCCS serve it), verified at the block time. */
  Dcap: struct('DcapAttestation', {
    quote: bytes(REGISTRY_LIMITS.maxQuoteBytes),
    collateral: bytes(REGISTRY_LIMITS.maxCollateralBytes),
  }),
});
export type Attestation = Infer<typeof Attestation>;

/** A registered worker: what it stated, who runs it, and what its attestation proved. */
export const WorkerRecord = struct('WorkerRecord', {
  info: WorkerInfo,
  /** The account that registered it (and alone may re-register it). */
  operator: AccountId,
  tee: TeeKind,
  measurement: Hash,
  /** 1 (best) .. 5 (worst), spec 001. */
  confidenceLevel: u8,
  registeredAt: u32,
  /** Block of the last registration or heartbeat. */
  lastHeartbeat: u32,
  online: bool,
});
export type WorkerRecord = Infer<typeof WorkerRecord>;

/**
 * Offline detection: every `challengeInterval` blocks the chain issues a heartbeat challenge; a
 * registered worker that has not answered (nor registered) for more than `window` blocks is
 * marked offline. `window` is at least `challengeInterval`, so a worker answering every
 * challenge never goes offline.
 */
export const HeartbeatSettings = struct('HeartbeatSettings', {
  /** Blocks between challenges: one is issued at every block number divisible by it. */
  challengeInterval: u32,
  /** Blocks a worker may stay silent before it is marked offline. */
  window: u32,
});
export type HeartbeatSettings = Infer<typeof HeartbeatSettings>;

/** Without a genesis `heartbeat` section (and on development chains): a challenge every 10 blocks, 30 blocks of silence. */
export const DEFAULT_HEARTBEAT_SETTINGS: HeartbeatSettings = Object.freeze({ challengeInterval: 10, window: 30 });

/** A heartbeat challenge: the block that issued it and its seed (see heartbeat.ts). */
export const HeartbeatChallenge = struct('HeartbeatChallenge', { block: u32, seed: Hash });
export type HeartbeatChallenge = Infer<typeof HeartbeatChallenge>;

/**
 * A worker's answer, the payload of its `MQ_TOPICS.heartbeat` message (origin `Worker`):
 * the challenge's block and `heartbeatResponse(seed, identity)`.
 */
export const HeartbeatAnswer = struct('HeartbeatAnswer', { challengeBlock: u32, response: Hash });
export type HeartbeatAnswer = Infer<typeof HeartbeatAnswer>;
