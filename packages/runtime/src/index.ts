export { type CouncilCall, type DemocracyCall, MAX_CALL_DEPTH, RuntimeCall, type SudoCall } from './call.js';
export { feeFor, RUNTIME, UNIT } from './constants.js';
export type { BlockEnv, CallContext, LastVote, Misbehaviour, VrfBeacon, VrfVote } from './dispatch/context.js';
export { DispatchError, DispatchErrorRecord, dispatchErrorRecord, palletErrors } from './dispatch/error.js';
export { ensureCouncil, ensureRoot, ensureSigned, type Origin } from './dispatch/origin.js';
export { EventRecord, EventRecords, RuntimeEvent } from './event.js';
export { type ApplyOutcome, applyExtrinsic } from './executive/apply.js';
export { type BlockExecution, BlockExecutor, blockEnvOf, executeBlock } from './executive/block.js';
export { type CheckedExtrinsic, checkExtrinsic, decodeExtrinsic, Extrinsic, verifyExtrinsicBytes } from './executive/check.js';
export { type TransactionValidity, validateTransaction } from './executive/validate.js';
export { buildGenesisState, devGenesisConfig, type GenesisConfig } from './genesis.js';
export { extrinsicsRoot, genesisBlock } from './genesis-block.js';
export {
  type PhragmenAssignment,
  type PhragmenResult,
  type PhragmenVoter,
  type PhragmenWinner,
  seqPhragmen,
} from './npos/seq-phragmen.js';
export { Balances } from './pallets/balances/storage.js';
export { validatorAddress } from './pallets/consensus/address.js';
export { beaconInput, beaconValue } from './pallets/consensus/beacon.js';
export { ConsensusCall } from './pallets/consensus/calls.js';
export { ConsensusEvent } from './pallets/consensus/events.js';
export { buildConsensusGenesis, type GenesisValidator } from './pallets/consensus/genesis.js';
export { Consensus } from './pallets/consensus/storage.js';
export {
  MAX_OFFENCES_PER_BLOCK,
  MAX_TOTAL_VOTING_POWER,
  MAX_VALIDATORS,
  OFFENCE_HISTORY,
  OffenceKind,
  OffenceRecord,
  VALIDATOR_ADDRESS_LENGTH,
  ValidatorAddress,
  ValidatorRecord,
  ValidatorUpdate,
  VrfKeyBefore,
} from './pallets/consensus/types.js';
export { changeValidator, type ValidatorChange, validatorUpdatesOf } from './pallets/consensus/validator-set.js';
export { extensionKeyOf, vrfKeyOf } from './pallets/consensus/vrf-keys.js';
export { CouncilEvent } from './pallets/council/events.js';
export { buildCouncilGenesis, type CouncilGenesisConfig } from './pallets/council/genesis.js';
export { councilParamsProblem } from './pallets/council/params.js';
export { Council } from './pallets/council/storage.js';
export { COUNCIL_LIMITS, CouncilParams, DEFAULT_COUNCIL_PARAMS, Motion, Voter } from './pallets/council/types.js';
export { COUNCIL_DEMOCRACY_ORIGIN } from './pallets/democracy/council-origin.js';
export { DemocracyEvent } from './pallets/democracy/events.js';
export { Democracy } from './pallets/democracy/storage.js';
export { approved, isqrt } from './pallets/democracy/threshold.js';
export {
  AccountVote,
  DEFAULT_DEMOCRACY_PARAMS,
  DEMOCRACY_LIMITS,
  DemocracyParams,
  EXTERNAL_PROPOSAL,
  ExternalProposal,
  FastTrackTarget,
  PublicProposal,
  ReferendumInfo,
  Tally,
  unlockAt,
  VoteThreshold,
  weightedVotes,
} from './pallets/democracy/types.js';
export { MqCall } from './pallets/mq/calls.js';
export { chainIdOf } from './pallets/mq/chain-id.js';
export { MqEvent } from './pallets/mq/events.js';
export { pushPalletMessage } from './pallets/mq/outbound.js';
export { Mq } from './pallets/mq/storage.js';
export { MQ_LIMITS, MQ_TOPICS } from './pallets/mq/types.js';
export {
  AttestedStateCommit,
  CommitClaim,
  CommitVote,
  CommitVotes,
  claimOf,
  SignedCommitClaim,
  signCommitClaim,
  VOTED_BLOCKS_KEPT,
  verifyCommitClaim,
  WORKER_COMMIT_KIND,
} from './pallets/phat/attestation.js';
export { PhatCall } from './pallets/phat/calls.js';
export { PhatEvent } from './pallets/phat/events.js';
export { EXECUTION_TIMEOUT } from './pallets/phat/execution-timeout.js';
export { COMMAND_GAS, GAS_ACCOUNT } from './pallets/phat/gas.js';
export { DEFAULT_COMMIT_INTERVAL, Phat } from './pallets/phat/storage.js';
export {
  ClusterInfo,
  CODE_DEPOSIT,
  CodeInfo,
  CommandMessage,
  ContractKeysMessage,
  ContractReceipt,
  ContractReceipts,
  ContractRecord,
  codeDeposit,
  InstantiateRequest,
  PHAT_LIMITS,
  ProvisionRequest,
  ReceiptFor,
  SignedStateCommit,
  STATE_COMMIT_KIND,
  StateCommit,
  StateCommitRecord,
  StateEntryChange,
  signStateCommit,
  stateCommitBody,
  stateDigest,
} from './pallets/phat/types.js';
export {
  SIM_REPORT_DOMAIN,
  SIM_REPORT_KIND,
  signSimReport,
  simReportBody,
  type VerifiedReport,
  verifyAttestation,
} from './pallets/registry/attestation.js';
export { RegistryCall } from './pallets/registry/calls.js';
export { ecdhRotationSettings, signEcdhRotation } from './pallets/registry/ecdh-rotation.js';
export {
  DEFAULT_ECDH_ROTATION,
  EcdhRotation,
  EcdhRotationSettings,
  PreviousEcdh,
  SignedEcdhRotation,
} from './pallets/registry/ecdh-rotation-types.js';
export { RegistryEvent } from './pallets/registry/events.js';
export {
  buildRegistryGenesis,
  DEV_SIM_MEASUREMENT,
  DEV_SIM_SIGNER_URI,
  devRegistryGenesis,
  devSimSigner,
  type RegistryGenesisConfig,
} from './pallets/registry/genesis.js';
export {
  checkHeartbeatSettings,
  HEARTBEAT_SEED_DOMAIN,
  heartbeatResponse,
  heartbeatSeed,
  heartbeatSettings,
} from './pallets/registry/heartbeat.js';
export { progressMigration } from './pallets/registry/migration.js';
export { MAX_MIGRATING_CLUSTERS, Migration } from './pallets/registry/migration-types.js';
export { Registry } from './pallets/registry/storage.js';
export {
  Attestation,
  AttestationSettings,
  CONFIDENCE,
  DEFAULT_ATTESTATION_SETTINGS,
  DEFAULT_HEARTBEAT_SETTINGS,
  HeartbeatAnswer,
  HeartbeatChallenge,
  HeartbeatSettings,
  REGISTRY_LIMITS,
  SimReport,
  TeeKind,
  WorkerRecord,
} from './pallets/registry/types.js';
export { StakePoolCall } from './pallets/stake-pool/calls.js';
export { sharesFor } from './pallets/stake-pool/contribute.js';
export { workerEligible } from './pallets/stake-pool/eligibility.js';
export { StakePoolEvent } from './pallets/stake-pool/events.js';
export { buildStakePoolGenesis } from './pallets/stake-pool/genesis.js';
export { type PoolInfo, poolInfo } from './pallets/stake-pool/info.js';
export { DEFAULT_MISMATCH_SLASH, type PenaltyParams, penaltyParams } from './pallets/stake-pool/penalties.js';
export { valueOfShares } from './pallets/stake-pool/pool.js';
export type { StakePoolParams } from './pallets/stake-pool/set-params.js';
export { StakePool } from './pallets/stake-pool/storage.js';
export {
  DEFAULT_STAKE_POOL_PARAMS,
  PoolRecord,
  STAKE_POOL_LIMITS,
  WithdrawRequest,
  WorkerStake,
  WorkerStatus,
} from './pallets/stake-pool/types.js';
export { StakingCall } from './pallets/staking/calls.js';
export { StakingEvent } from './pallets/staking/events.js';
export type { StakingGenesisConfig } from './pallets/staking/genesis.js';
export { Staking } from './pallets/staking/storage.js';
export {
  DEFAULT_STAKING_PARAMS,
  EraGatekeeper,
  EraValidator,
  Exposure,
  Nomination,
  STAKING_LIMITS,
  StakingLedger,
  StakingParams,
  stakingParamsProblem,
  ValidatorPrefs,
} from './pallets/staking/types.js';
export { Sudo } from './pallets/sudo/storage.js';
export { readAccount } from './pallets/system/account.js';
export { AccountInfo, System } from './pallets/system/storage.js';
export { ThresholdCall } from './pallets/threshold/calls.js';
export { ThresholdEvent } from './pallets/threshold/events.js';
export { initializeThreshold } from './pallets/threshold/session.js';
export { thresholdParamsProblem } from './pallets/threshold/set-params.js';
export {
  dkgTranscript,
  memberIndex,
  reshareSource,
  reshareTranscripts,
  Threshold,
  thresholdParams,
} from './pallets/threshold/storage.js';
export {
  DEFAULT_THRESHOLD_PARAMS,
  DealingMessage,
  DkgPayloadMessage,
  DkgPhase,
  DkgSession,
  JustifyMessage,
  KeyAnswerMessage,
  KeyGroup,
  KeySource,
  PAYLOAD_KIND,
  PendingRefresh,
  ReadyMessage,
  RefreshMessage,
  ReshareComplaints,
  ReshareDealingMessage,
  ReshareJustifyMessage,
  ResharePayloadMessage,
  ReshareReadyMessage,
  SeedDealingMessage,
  THRESHOLD_LIMITS,
  THRESHOLD_TOPICS,
  ThresholdParams,
} from './pallets/threshold/types.js';
export { Timestamp } from './pallets/timestamp/storage.js';
export { SPEND_ORIGIN } from './pallets/treasury/approve-spend.js';
export { TreasuryCall } from './pallets/treasury/calls.js';
export { TreasuryEvent } from './pallets/treasury/events.js';
export { depositToTreasury, settleSlash } from './pallets/treasury/pot.js';
export { spendBond } from './pallets/treasury/propose-spend.js';
export { treasuryParamsProblem } from './pallets/treasury/set-params.js';
export { Treasury, treasuryParams } from './pallets/treasury/storage.js';
export { DEFAULT_TREASURY_PARAMS, PPM, ppmOf, SpendProposal, TREASURY_LIMITS, TreasuryParams } from './pallets/treasury/types.js';
export { MapState, Overlay, type StateChange, type StateReader, stateKeyId } from './state/overlay.js';
export { type StorageMap, type StorageValue, storageMap, storagePrefix, storageValue } from './state/storage.js';
