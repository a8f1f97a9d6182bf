import { blake2_256 } from '@phalanx/crypto';
import { bytes, type Infer, struct, vec } from '@phalanx/scale';
import { Header } from './header.js';

/** Chain-wide size limits enforced by decoding and by block production. */
export const BLOCK_LIMITS = {
  /** Bytes of one encoded extrinsic (room for a 512 KiB contract code upload). */
  maxExtrinsicBytes: 1024 * 1024,
  /** Extrinsics in one block. */
  maxExtrinsics: 20_000,
  /** Total bytes of a block's extrinsics. */
  maxBlockBytes: 16 * 1024 * 1024,
} as const;

/** An opaque, still-encoded extrinsic: the runtime decodes it; its hash is blake2_256 of these bytes. */
export const OpaqueExtrinsic = bytes(BLOCK_LIMITS.maxExtrinsicBytes);

export const Block = struct('Block', {
  header: Header,
  extrinsics: vec(OpaqueExtrinsic, BLOCK_LIMITS.maxExtrinsics),
});
export type Block = Infer<typeof Block>;

export function extrinsicHash(encoded: Uint8Array): Uint8Array {
  return blake2_256(encoded);
}
