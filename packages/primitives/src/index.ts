export { LIMITS } from './limits.js';
export { AccountId, Hash, MultiSignature, MultiSigner, PublicKey, Signature64 } from './common.js';
export { Envelope } from './envelope.js';
export { SignedPayload, schemeOf, signerOf, signPayload, verifyPayload } from './signed-payload.js';
export { Message, MessageOrigin, MQ_SIGNING_KIND, originSigner, SignedMessage, signMessage, verifyMessage } from './mq.js';
export { WorkerInfo, workerReportData } from './worker-info.js';
export { ContractInfo, ContractPublicKeys } from './contract-info.js';
export * from './chain/index.js';
export * from './trie/index.js';
