import { enumOf, fixedBytes, type Infer } from '@phalanx/scale';

/** A 32-byte hash (blake2_256). */
export const Hash = fixedBytes(32);
/** An account: its 32-byte public key. */
export const AccountId = fixedBytes(32);
export const PublicKey = fixedBytes(32);
export const Signature64 = fixedBytes(64);

/**
 * Substrate's variant indexes (`enum MultiSigner { Ed25519, Sr25519, Ecdsa }`, same for
 * MultiSignature): pinned so these encode byte for byte like Substrate's types.
 */
const SUBSTRATE_SCHEME_INDEXES = { Sr25519: 1, Ed25519: 0 } as const;

/** Who signed: the scheme and public key, as Substrate's `MultiSigner` (Ed25519 = 0, Sr25519 = 1). */
export const MultiSigner = enumOf('MultiSigner', { Sr25519: PublicKey, Ed25519: PublicKey }, SUBSTRATE_SCHEME_INDEXES);
export type MultiSigner = Infer<typeof MultiSigner>;

/** A signature and its scheme, as Substrate's `MultiSignature` (Ed25519 = 0, Sr25519 = 1). */
export const MultiSignature = enumOf('MultiSignature', { Sr25519: Signature64, Ed25519: Signature64 }, SUBSTRATE_SCHEME_INDEXES);
export type MultiSignature = Infer<typeof MultiSignature>;
