export {
  CometbftFinality,
  type CometbftFinalityProof,
  type CometbftFinalized,
  type CometbftTrustRoot,
  type CommitPower,
  verifyCommit,
} from './cometbft/index.js';
export { LightClient, type SyncPosition } from './light-client.js';
