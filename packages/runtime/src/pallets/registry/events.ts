import { AccountId, Hash, PublicKey } from '@phalanx/primitives';
import { enumOf, struct, u8, u32 } from '@phalanx/scale';
import { EcdhRotationSettings } from './ecdh-rotation-types.js';
import { AttestationSettings, HeartbeatSettings, TeeKind } from './types.js';

export const RegistryEvent = enumOf('RegistryEvent', {
  WorkerRegistered: struct('WorkerRegistered', { identity: PublicKey, operator: AccountId, confidenceLevel: u8, tee: TeeKind }),
  /** A registered worker re-registered (new info, endpoints, version or attestation). */
  WorkerUpdated: struct('WorkerUpdated', { identity: PublicKey, operator: AccountId, confidenceLevel: u8, tee: TeeKind }),
  GatekeeperRegistered: struct('GatekeeperRegistered', { identity: PublicKey }),
  MasterPubkeyPublished: struct('MasterPubkeyPublished', { pubkey: PublicKey }),
  /** A gatekeeper published a MasterKey public key different from the recorded one: kept the first (evidence). */
  MasterPubkeyConflict: struct('MasterPubkeyConflict', { gatekeeper: PublicKey, recorded: PublicKey, published: PublicKey }),
  MeasurementAdded: struct('MeasurementAdded', { measurement: Hash }),
  MeasurementRemoved: struct('MeasurementRemoved', { measurement: Hash }),
  AttestationSettingsChanged: AttestationSettings,
  /** A new heartbeat challenge (block initialisation): workers answer `heartbeatResponse(seed, identity)`. */
  HeartbeatChallenge: struct('HeartbeatChallenge', { block: u32, seed: Hash }),
  /** A worker answered the challenge issued at `challengeBlock`. */
  HeartbeatReceived: struct('HeartbeatReceived', { identity: PublicKey, challengeBlock: u32 }),
  /** An offline worker answered a challenge (or re-registered): online again. */
  WorkerOnline: struct('WorkerOnline', { identity: PublicKey }),
  /** A worker was silent for longer than the heartbeat window since `lastHeartbeat`: marked offline. */
  WorkerOffline: struct('WorkerOffline', { identity: PublicKey, lastHeartbeat: u32 }),
  HeartbeatSettingsChanged: HeartbeatSettings,
  /** A pRuntime moved to a new EcdhKey; the previous one opens in-flight messages until `previousValidUntil`. */
  EcdhKeyRotated: struct('EcdhKeyRotated', { identity: PublicKey, ecdhPubkey: PublicKey, previousValidUntil: u32 }),
  EcdhRotationChanged: EcdhRotationSettings,
  MigrationStarted: struct('MigrationStarted', { from: Hash, to: Hash }),
  /** An operator's new-build pRuntime took its old-build gatekeeper's place (the shares reshare to it). */
  GatekeeperReplaced: struct('GatekeeperReplaced', { old: PublicKey, replacement: PublicKey }),
  /** An operator's new-build worker took its old-build worker's place in a cluster (and is provisioned). */
  WorkerReplaced: struct('WorkerReplaced', { cluster: Hash, old: PublicKey, replacement: PublicKey }),
  /** Nothing of the old build serves: it left the allow-list. */
  MigrationCompleted: struct('MigrationCompleted', { from: Hash, to: Hash }),
});
