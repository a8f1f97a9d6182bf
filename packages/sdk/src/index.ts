// Keys and accounts, so an application needs only this package: dev accounts (//Alice …),
// secret URIs and mnemonics (polkadot keyring compatible derivation), sr25519 and ed25519.
export {
  cryptoReady,
  devKeypair,
  generateKeypair,
  type Keypair,
  keypairFromUri,
  type Scheme,
  toSs58,
} from '@phalanx/crypto';
export { isPhalanxError, PhalanxError } from '@phalanx/errors';
export type { CallReceipt, ContractEvent } from '@phalanx/primitives';
export type { AccountInfo } from '@phalanx/runtime';
export { callName } from './call-name.js';
export {
  accountId,
  type BlockEventsView,
  type ConnectOptions,
  connect,
  type HeaderView,
  PhalanxClient,
  type SubmitOptions,
  type TxResult,
} from './client.js';
export { type CallResult, Contract, contractAddress, type DeployOptions, deploy } from './contract.js';
export { type CallOptions, DEFAULT_COMMAND_GAS_LIMIT } from './gas-terms.js';
export {
  councilCalls,
  councilCandidates,
  councilMembers,
  councilMotions,
  councilVoter,
  democracyCalls,
  democracyProposals,
  ongoingReferenda,
  referendum,
  type StateSource,
  treasuryCalls,
  treasuryPot,
  treasurySpends,
} from './governance.js';
export { DEFAULT_INCLUSION_TIMEOUT_MS, DispatchFailure } from './inclusion.js';
export { RECEIPT_KEY_PATH, receiptKeyFromUri } from './receipt-key.js';
export { RpcClient, type RpcClientOptions, type WebSocketConstructor, type WebSocketLike } from './rpc-client.js';
export { createPool, type PoolView, poolInfo, sharesOf, stakePoolCalls } from './stake-pools.js';
export {
  currentEra,
  type ElectedGatekeeper,
  type ElectedValidator,
  electedGatekeepers,
  electedValidators,
  type StakingAccount,
  stakingCalls,
  stakingCandidates,
  stakingLedger,
} from './staking.js';
export type { WorkerPost } from './worker-post.js';
export { queryWorker, type WorkerQueryOptions, workerQueryTarget } from './worker-query.js';
