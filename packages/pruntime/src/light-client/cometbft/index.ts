export {
  CometbftFinality,
  type CometbftFinalityProof,
  type CometbftFinalized,
  type CometbftTrustRoot,
} from './finality-tracker.js';
export { type CommitPower, verifyCommit } from './verify-commit.js';
