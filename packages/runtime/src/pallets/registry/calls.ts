import { Hash, PublicKey, WorkerInfo } from '@phalanx/primitives';
import { enumOf, struct, vec } from '@phalanx/scale';
import { EcdhRotationSettings, SignedEcdhRotation } from './ecdh-rotation-types.js';
import { MAX_MIGRATING_CLUSTERS } from './migration-types.js';
import { Attestation, AttestationSettings, HeartbeatSettings } from './types.js';

export const RegistryCall = enumOf('RegistryCall', {
  /** Signed by the operator: registers (or updates) a worker proven by its attestation. */
  registerWorker: struct('registerWorker', { info: WorkerInfo, attestation: Attestation }),
  /** Root. */
  setAttestationSettings: struct('setAttestationSettings', { settings: AttestationSettings }),
  /** Root. */
  addMeasurement: struct('addMeasurement', { measurement: Hash }),
  /** Root. Workers already registered with it stay registered. */
  removeMeasurement: struct('removeMeasurement', { measurement: Hash }),
  /** Root: a registered worker becomes a gatekeeper. */
  registerGatekeeper: struct('registerGatekeeper', { identity: PublicKey }),
  /** Root: the heartbeat challenge interval and silence window. */
  setHeartbeatSettings: struct('setHeartbeatSettings', { settings: HeartbeatSettings }),
  /** Signed (the worker's host relays it): a pRuntime's new EcdhKey, signed by its IdentityKey. */
  rotateEcdhKey: struct('rotateEcdhKey', { signed: SignedEcdhRotation }),
  /** Root: the EcdhKey rotation interval and grace window. */
  setEcdhRotation: struct('setEcdhRotation', { settings: EcdhRotationSettings }),
  /** Root: migrate from one pRuntime build to another over these clusters (see migration.ts). */
  startMigration: struct('startMigration', { from: Hash, to: Hash, clusters: vec(Hash, MAX_MIGRATING_CLUSTERS, 32) }),
});
