/**
 * Gas: a deterministic price for every call. Interpretation is counted by the instrumented QuickJS
 * build (`../wasm`): one unit is about one WebAssembly instruction, bulk memory operations pay per
 * byte, so built-ins (string search, repeat, sort, JSON, regular expressions) pay for what they do.
 * Measured on the dev machine: about 2–9 million gas per CPU-millisecond across interpretation,
 * string built-ins, allocation, JSON, regular expressions and BigInt, within ×8 of plain
 * interpretation either way (test/engine-gas-cpu.test.ts; `npm run bench -- engine-gas`); host operations
 * are priced at the same rate by what they cost. Every replica, restarted or not, reaches the same
 * figures.
 */
export const GAS = {
  /** Every call: argument and result marshalling, promise handling. */
  base: 200_000,
  storageRead: 40_000,
  storageWrite: 200_000,
  perByte: 50,
  emit: 40_000,
  random: 40_000,
  keyDerive: 600_000,
  sign: 1_200_000,
  verify: 2_400_000,
  agree: 2_400_000,
  hash: 20_000,
  aead: 60_000,
  fetch: 2_000_000,
  /** `ctx.call`, on top of the callee's own gas: a fresh engine session for the callee (about 2 CPU-ms). */
  crossCall: 5_000_000,
} as const;

/** About 0.3–0.4 CPU-seconds of interpretation on the dev machine (2.4–3.9 million gas per CPU-ms). */
export const DEFAULT_GAS_LIMIT = 1_000_000_000;

/** What setting up a session and evaluating the contract module's top level may use. */
export const LOAD_GAS_LIMIT = 200_000_000;
