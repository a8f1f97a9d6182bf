export { BLOCK_LIMITS, Block, extrinsicHash, OpaqueExtrinsic } from './block.js';
export { cometbftChainId } from './chain-id.js';
export {
  EXTRINSIC_SIGNING_KIND,
  extrinsicSigningPayload,
  type SignedExtrinsic,
  signExtrinsic,
  signedExtrinsicCodec,
  verifyEncodedExtrinsicSignature,
  verifyExtrinsicSignature,
} from './extrinsic.js';
export {
  HEADER_SEAL_KIND,
  Header,
  headerHash,
  sealHeader,
  UnsealedHeader,
  verifyHeaderSeal,
  ZERO_HASH,
  ZERO_SIGNATURE,
} from './header.js';
export { Phase } from './phase.js';
