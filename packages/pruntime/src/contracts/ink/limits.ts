/**
 * Limits of ink! contracts (pallet-contracts' schedule where one exists: memory pages, storage key
 * and value sizes, event topics). Breaking one refuses the code at deploy, or fails the call.
 */
export const INK_LIMITS = {
  /** Wasm code size (pallet-contracts' MaxCodeLen is 123 KiB; ink! 5 contracts fit well inside this). */
  codeBytes: 256 * 1024,
  /** A whole `.contract` bundle (metadata JSON and hex wasm). */
  bundleBytes: 2 * 1024 * 1024,
  /** Linear memory, in 64 KiB pages (pallet-contracts: 16, i.e. 1 MiB). */
  memoryPages: 16,
  /** Functions a module may define, locals one function may declare, globals, table slots. */
  functions: 10_000,
  locals: 4_096,
  globals: 1_024,
  tableElements: 16_384,
  /** MaxStorageKeyLen. */
  storageKeyBytes: 128,
  /** max_value_size: a stored value, event data, a call's input and its output. */
  valueBytes: 16 * 1024,
  /** Topics of one event (schedule.limits.event_topics). */
  eventTopics: 4,
  /** A call's input and the data it returns. */
  inputBytes: 64 * 1024,
  outputBytes: 64 * 1024,
  /** Debug message bytes kept per call (pallet-contracts' DebugBufferVec is 2 MiB; this is one caller's view). */
  debugBytes: 16 * 1024,
} as const;
