export {
  CometbftBlockIdCodec,
  CometbftCommitCodec,
  CometbftCommitSigCodec,
  CometbftFinalityProofCodec,
  CometbftHeaderCodec,
  CometbftSignedHeaderCodec,
  CometbftTimeCodec,
  CometbftValidatorCodec,
  CometbftValidatorSetCodec,
  isBlockIdFlag,
} from './codec.js';
export { headerHash, sortValidatorSet, validatorAddress, validatorSetHash, voteSignBytes } from './hash.js';
export { merkleRoot } from './merkle.js';
export { parseRfc3339 } from './rfc3339.js';
export {
  parseCometbftCommit,
  parseCometbftHeader,
  parseCometbftSignedHeader,
  parseCometbftValidator,
  parseCometbftValidators,
} from './rpc-json.js';
export {
  BLOCK_ID_FLAG,
  type BlockIdFlag,
  COMETBFT_LIMITS,
  type CometbftBlockId,
  type CometbftCommit,
  type CometbftCommitSig,
  type CometbftFinalityProof,
  type CometbftHeader,
  type CometbftPartSetHeader,
  type CometbftSignedHeader,
  type CometbftTime,
  type CometbftValidator,
  GO_ZERO_TIME,
} from './types.js';
