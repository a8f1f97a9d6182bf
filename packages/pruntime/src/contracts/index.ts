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
  RawStorage,
} from './engine.js';
export { EngineRouter, isInkBundle } from './engine-router.js';
export { type Fetcher, networkFetcher } from './fetcher.js';
export { DEFAULT_GAS_LIMIT, GAS } from './gas.js';
export { InkEngine, inkConstructorLabels } from './ink/engine.js';
export { INK_GAS } from './ink/gas.js';
export { INK_LIMITS } from './ink/limits.js';
export { type BlockEnv, ContractInstance } from './instance.js';
export { CONTRACT_LIMITS } from './limits.js';
export { QuickJsEngine } from './quickjs-engine.js';
export { ContractState, type StorageKeys } from './state.js';
