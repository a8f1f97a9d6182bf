export { type CheckpointBody, sealCheckpoint, unsealCheckpoint } from './checkpoint.js';
export { ECALL_API_VERSION, EcallRequest, EcallResponse, EgressItem, EnclaveInfo } from './ecall.js';
export { PRuntime } from './pruntime.js';
