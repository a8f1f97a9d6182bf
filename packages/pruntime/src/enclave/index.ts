export {
  CHECKPOINT_FORMAT,
  type CheckpointBody,
  type CheckpointRefusal,
  type CheckpointSealer,
  refuseCheckpoint,
  sealCheckpoint,
  unsealCheckpoint,
} from './checkpoint.js';
export { CONTRACT_KEY_TOPIC, ContractKeyDelivery, deployContracts, receiveContractKeys } from './contracts.js';
export { ECALL_API_VERSION, EcallRequest, EcallResponse, EgressItem, EnclaveInfo } from './ecall.js';
export { type EcallMessage, ENCLAVE_ENTRY, type EnclaveMessage, type EnclaveStartOptions } from './ecall-api.js';
export { type GatekeeperState, gatekeeperDuty, MASTER_KEY_TOPIC, MasterKeyHandover } from './gatekeeper.js';
export { enclaveBuildHash, enclaveModuleGraph, type MeasuredFile, type ModuleGraph } from './module-graph.js';
export { PRuntime } from './pruntime.js';
export { answerQuery } from './query.js';
export { MAX_REMEMBERED_NONCES, QUERY_FRESHNESS_MS, QUERY_MAX_AHEAD_MS, QueryGuard } from './query-guard.js';
export { QUERY_RATE, QueryRateLimit } from './query-rate.js';
