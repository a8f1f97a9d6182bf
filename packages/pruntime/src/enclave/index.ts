export { type CheckpointBody, sealCheckpoint, unsealCheckpoint } from './checkpoint.js';
export { CONTRACT_KEY_TOPIC, ContractKeyDelivery, deployContracts, receiveContractKeys } from './contracts.js';
export { ECALL_API_VERSION, EcallRequest, EcallResponse, EgressItem, EnclaveInfo } from './ecall.js';
export { type GatekeeperState, gatekeeperDuty, MASTER_KEY_TOPIC, MasterKeyHandover } from './gatekeeper.js';
export { PRuntime } from './pruntime.js';
export { answerQuery, QUERY_FRESHNESS_MS, QueryGuard } from './query.js';
