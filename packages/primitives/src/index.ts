export * from './chain/index.js';
export * as cometbft from './cometbft/index.js';
export { AccountId, Hash, MultiSignature, MultiSigner, PublicKey, Signature64 } from './common.js';
export {
  openInitArgs,
  openInstantiateArgs,
  openInstantiateArgsWith,
  sealInitArgs,
  sealInstantiateArgs,
} from './constructor-args.js';
export {
  CALL_LIMITS,
  CallReceipt,
  CommandPayload,
  ContractEvent,
  commandAd,
  initArgsAd,
  instantiateArgsAd,
  openCommand,
  openReceipt,
  receiptAd,
  sealCommand,
  sealReceipt,
} from './contract-call.js';
export { ContractInfo, ContractPublicKeys } from './contract-info.js';
export { Envelope } from './envelope.js';
export { LIMITS } from './limits.js';
export { Message, MessageOrigin, MQ_SIGNING_KIND, originSigner, SignedMessage, signMessage, verifyMessage } from './mq.js';
export {
  maxPaddedPayload,
  PADDING,
  PADDING_FRAME_BYTES,
  type PaddingSchedule,
  pad,
  paddingBuckets,
  SEAL_TAG_BYTES,
  SMALLEST_BUCKET,
  sealedSizeOf,
  unpad,
} from './padding.js';
export {
  type ChannelKey,
  openQuery,
  openQueryResponse,
  QUERY_MAX_ARGS,
  QUERY_MAX_RESULT,
  QUERY_SIGNING_KIND,
  QueryRequest,
  QueryResponse,
  QueryTarget,
  sealQuery,
  sealQueryResponse,
} from './query.js';
export { SignedPayload, schemeOf, signerOf, signPayload, verifyPayload } from './signed-payload.js';
export * from './trie/index.js';
export { WorkerInfo, workerReportData } from './worker-info.js';
