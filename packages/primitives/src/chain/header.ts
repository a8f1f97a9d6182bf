import { blake2_256, type Keypair, signTagged, verifyTagged } from '@phalanx/crypto';
import { encode, type Infer, struct, u32, u64 } from '@phalanx/scale';
import { Hash, PublicKey, Signature64 } from '../common.js';

/**
 * A block header. `author` is the sr25519 key of the authority that produced the block and `seal`
 * its signature over the unsealed header (domain tag "header", genesis hash). The block hash is
 * blake2_256 of the whole (sealed) header. Genesis has number 0, a zero parent and a zero seal.
 */
const unsealedFields = {
  parentHash: Hash,
  number: u32,
  stateRoot: Hash,
  extrinsicsRoot: Hash,
  /** Milliseconds since the Unix epoch, as chosen by the author; strictly increasing. */
  timestamp: u64,
  author: PublicKey,
};

export const Header = struct('Header', { ...unsealedFields, seal: Signature64 });
export type Header = Infer<typeof Header>;

/** The header without its seal: what the seal signs. */
export const UnsealedHeader = struct('UnsealedHeader', unsealedFields);
export type UnsealedHeader = Infer<typeof UnsealedHeader>;

export const HEADER_SEAL_KIND = 'header';
export const ZERO_HASH = new Uint8Array(32);
export const ZERO_SIGNATURE = new Uint8Array(64);

export function headerHash(header: Header): Uint8Array {
  return blake2_256(encode(Header, header));
}

function unsealed(header: UnsealedHeader): Uint8Array {
  const { parentHash, number, stateRoot, extrinsicsRoot, timestamp, author } = header;
  return encode(UnsealedHeader, { parentHash, number, stateRoot, extrinsicsRoot, timestamp, author });
}

/** Seals a header with the author's key (which must be `header.author`). */
export function sealHeader(header: UnsealedHeader, author: Keypair, genesisHash: Uint8Array): Header {
  return { ...header, seal: signTagged(author, HEADER_SEAL_KIND, genesisHash, unsealed(header)) };
}

/** True when `seal` is `author`'s signature over the unsealed header on this chain. */
export function verifyHeaderSeal(header: Header, genesisHash: Uint8Array): boolean {
  return verifyTagged('sr25519', header.author, HEADER_SEAL_KIND, genesisHash, unsealed(header), header.seal);
}
