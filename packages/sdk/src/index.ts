export type { AccountInfo } from '@phalanx/runtime';
export { accountId, connect, type HeaderView, PhalanxClient, type SubmitOptions, type TxResult } from './client.js';
export { type CallResult, Contract, contractAddress, type DeployOptions, deploy } from './contract.js';
export { RpcClient, type RpcClientOptions } from './rpc-client.js';
export { queryWorker, type WorkerQueryOptions, workerQueryTarget } from './worker-query.js';
