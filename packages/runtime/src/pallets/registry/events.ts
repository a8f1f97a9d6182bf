import { AccountId, Hash, PublicKey } from '@phalanx/primitives';
import { enumOf, struct, u8 } from '@phalanx/scale';
import { AttestationSettings, TeeKind } from './types.js';

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
});
