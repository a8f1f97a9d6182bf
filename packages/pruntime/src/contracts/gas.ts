/**
 * Gas: a deterministic price for every call. Interpretation is counted through the engine's
 * interrupt polls (QuickJS polls once per ~5,000 bytecode branches and calls in a fresh context, so
 * the count depends only on the code and its inputs); host operations are priced by what they do
 * and how many bytes they move. Every replica, restarted or not, reaches the same figures.
 */
export const GAS = {
  /** Every call: context set-up and module evaluation. */
  base: 20_000,
  /** One interpreter interrupt poll (~5,000 branches or calls). */
  poll: 10_000,
  storageRead: 2_000,
  storageWrite: 10_000,
  perByte: 10,
  emit: 2_000,
  random: 2_000,
  keyDerive: 30_000,
  sign: 60_000,
  verify: 120_000,
  agree: 120_000,
  hash: 1_000,
  aead: 3_000,
  fetch: 100_000,
} as const;

export const DEFAULT_GAS_LIMIT = 20_000_000;
