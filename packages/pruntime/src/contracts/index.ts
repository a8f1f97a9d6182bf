export { CallHost, type EmittedEvent, type RandomSource } from './call-host.js';
export type {
  CallEnv,
  CallKind,
  CallOutcome,
  CallRequest,
  ContractEngine,
  ContractHost,
  EngineSession,
  FetchOptions,
  FetchResponse,
} from './engine.js';
export { type Fetcher, networkFetcher } from './fetcher.js';
export { DEFAULT_GAS_LIMIT, GAS } from './gas.js';
export { type BlockEnv, ContractInstance } from './instance.js';
export { CONTRACT_LIMITS } from './limits.js';
export { QuickJsEngine } from './quickjs-engine.js';
export { ContractState, type StorageKeys } from './state.js';
