import { enumOf, fixedBytes, type Infer } from '@phalanx/scale';

/** A 32-byte hash (blake2_256). */
export const Hash = fixedBytes(32);
/** An account: its 32-byte public key. */
export const AccountId = fixedBytes(32);
export const PublicKey = fixedBytes(32);
export const Signature64 = fixedBytes(64);

/** Who signed: the scheme and public key, like Substrate's `MultiSigner`. */
export const MultiSigner = enumOf('MultiSigner', { Sr25519: PublicKey, Ed25519: PublicKey });
export type MultiSigner = Infer<typeof MultiSigner>;

/** A signature and its scheme, like Substrate's `MultiSignature`. */
export const MultiSignature = enumOf('MultiSignature', { Sr25519: Signature64, Ed25519: Signature64 });
export type MultiSignature = Infer<typeof MultiSignature>;
