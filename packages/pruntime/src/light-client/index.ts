export { AuthoritySealFinality } from './authority-finality.js';
export {
  CometbftFinality,
  type CometbftFinalityProof,
  type CometbftFinalized,
  type CometbftTrustRoot,
  type CommitPower,
  verifyCommit,
} from './cometbft/index.js';
export { CometbftBlockFinality, hasCometbftValidators, trustRoot } from './cometbft-block-finality.js';
export { FinalityCheckpoint, type FinalityKind, FinalityProof, type FinalityVerifier } from './finality.js';
export { LightClient, type SyncPosition } from './light-client.js';
