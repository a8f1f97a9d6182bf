/** Limits every contract call runs under; breaking one fails that call only. */
export const CONTRACT_LIMITS = {
  /** Heap of one call's QuickJS runtime. */
  memoryBytes: 16 * 1024 * 1024,
  /** Native stack of the interpreter (bounds recursion depth). */
  /** (Kept well below the host thread's own stack, so QuickJS stops a deep recursion before V8 would.) */
  stackBytes: 64 * 1024,
  /** UTF-8 bytes of a storage key. */
  keyBytes: 256,
  /** UTF-8 bytes of one stored JSON value. */
  valueBytes: 16 * 1024,
  /** JSON bytes of a call's arguments or result. */
  ioBytes: 64 * 1024,
  /** Events one call may emit, and the JSON bytes of each. */
  events: 64,
  eventBytes: 4 * 1024,
  /** All events of one call together (they travel in its receipt). */
  eventsTotalBytes: 16 * 1024,
  /** Bytes `ctx.random(n)` may return at once. */
  randomBytes: 1024,
  /** Wall-clock limit of a query (commands are bounded by gas alone, so that replicas agree). */
  queryTimeoutMs: 2_000,
  /** `ctx.http.fetch`: time, response size, requests per query. */
  fetchTimeoutMs: 5_000,
  fetchBytes: 1024 * 1024,
  fetchesPerQuery: 4,
  /** Contract code size (the chain's cap). */
  codeBytes: 512 * 1024,
} as const;
