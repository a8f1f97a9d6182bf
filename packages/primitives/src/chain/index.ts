export { Block, BLOCK_LIMITS, extrinsicHash, OpaqueExtrinsic } from './block.js';
export {
  EXTRINSIC_SIGNING_KIND,
  extrinsicSigningPayload,
  type SignedExtrinsic,
  signedExtrinsicCodec,
  signExtrinsic,
  verifyEncodedExtrinsicSignature,
  verifyExtrinsicSignature,
} from './extrinsic.js';
export {
  Header,
  HEADER_SEAL_KIND,
  headerHash,
  sealHeader,
  UnsealedHeader,
  verifyHeaderSeal,
  ZERO_HASH,
  ZERO_SIGNATURE,
} from './header.js';
export { Phase } from './phase.js';
