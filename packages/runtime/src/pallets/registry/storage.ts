import { Hash, PublicKey } from '@phalanx/primitives';
import { u32, vec } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';
import { EcdhRotationSettings, PreviousEcdh } from './ecdh-rotation-types.js';
import { Migration } from './migration-types.js';
import { AttestationSettings, HeartbeatChallenge, HeartbeatSettings, REGISTRY_LIMITS, WorkerRecord } from './types.js';

export const Registry = {
  /** How attestations are judged; `DEFAULT_ATTESTATION_SETTINGS` when unset. */
  AttestationSettings: storageValue('Registry', 'AttestationSettings', AttestationSettings),
  /** Allow-list of enclave measurements (pRuntime build hashes), for simulated reports too. */
  Measurements: storageValue('Registry', 'Measurements', vec(Hash, REGISTRY_LIMITS.maxMeasurements, 32)),
  /** Registered workers by identity public key. */
  Workers: storageMap('Registry', 'Workers', PublicKey, WorkerRecord),
  /** Every registered identity, in registration order (for listing without iteration). */
  WorkerIds: storageValue('Registry', 'WorkerIds', vec(PublicKey, REGISTRY_LIMITS.maxWorkers, 32)),
  /** Identities of the workers that are gatekeepers, in registration order. */
  Gatekeepers: storageValue('Registry', 'Gatekeepers', vec(PublicKey, REGISTRY_LIMITS.maxGatekeepers, 32)),
  /** The MasterKey's public key, as first published by a gatekeeper. */
  MasterPubkey: storageValue('Registry', 'MasterPubkey', PublicKey),
  /** Heartbeat schedule and silence window; `DEFAULT_HEARTBEAT_SETTINGS` when unset. */
  HeartbeatSettings: storageValue('Registry', 'HeartbeatSettings', HeartbeatSettings),
  /** The current heartbeat challenge (unset until the first is issued). */
  Challenge: storageValue('Registry', 'Challenge', HeartbeatChallenge),
  /** The challenge before the current one, still answerable (an answer may cross a challenge boundary). */
  PreviousChallenge: storageValue('Registry', 'PreviousChallenge', HeartbeatChallenge),
  /** A build migration under way (root's `startMigration`). */
  Migration: storageValue('Registry', 'Migration', Migration),
  /** EcdhKey rotation interval and grace; `DEFAULT_ECDH_ROTATION` when unset. */
  EcdhRotation: storageValue('Registry', 'EcdhRotation', EcdhRotationSettings),
  /** The block a worker's current EcdhKey took effect (unset: its registration). */
  EcdhSince: storageMap('Registry', 'EcdhSince', PublicKey, u32),
  /** A worker's previous EcdhKey, honoured until `until` (queries and messages sealed to it in flight). */
  PreviousEcdh: storageMap('Registry', 'PreviousEcdh', PublicKey, PreviousEcdh),
} as const;
