export { blockWithChanges, headerFromJson } from './chain-data.js';
export { EnclaveThread } from './enclave-thread.js';
export { badCheckpoint, HOST_EXIT_CODES, type HostFailure, hostExitCode } from './failures.js';
export { loadMachineSecret, writeFileAtomic } from './files.js';
export type { HostLogger } from './log.js';
export { DEFAULT_RECONNECT, type ReconnectPolicy } from './node-link.js';
export { type RunningWorkerHost, startWorkerHost, type WorkerHostConfig } from './worker-host.js';
