import { PublicKey, Signature64 } from '@phalanx/primitives';
import { type Infer, struct, u32 } from '@phalanx/scale';

/**
 * How often every pRuntime replaces its EcdhKey (blocks; 0: never), and how long the key it
 * replaced is still honoured so queries and messages sealed to it in flight still open.
 */
export const EcdhRotationSettings = struct('EcdhRotationSettings', { interval: u32, grace: u32 });
export type EcdhRotationSettings = Infer<typeof EcdhRotationSettings>;
/** A day of 6-second blocks, and 100 blocks of grace. */
export const DEFAULT_ECDH_ROTATION: EcdhRotationSettings = { interval: 14_400, grace: 100 };
export const MAX_ECDH_GRACE = 14_400;

/** What the IdentityKey signs: which worker, the key it replaces (so no rotation can be replayed), the new key. */
export const EcdhRotation = struct('EcdhRotation', { worker: PublicKey, previous: PublicKey, ecdhPubkey: PublicKey });
export type EcdhRotation = Infer<typeof EcdhRotation>;
export const SignedEcdhRotation = struct('SignedEcdhRotation', { rotation: EcdhRotation, signature: Signature64 });
export type SignedEcdhRotation = Infer<typeof SignedEcdhRotation>;
export const PreviousEcdh = struct('PreviousEcdh', { key: PublicKey, until: u32 });
