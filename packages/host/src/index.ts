export { blockWithChanges, headerFromJson } from './chain-data.js';
export { EnclaveThread } from './enclave-thread.js';
export { loadMachineSecret, pruntimeBuildHash, writeFileAtomic } from './files.js';
export type { HostLogger } from './log.js';
export { type RunningWorkerHost, startWorkerHost, type WorkerHostConfig } from './worker-host.js';
