/** Size caps of shared types: every decoder enforces them, so oversize input is refused before allocation. */
export const LIMITS = {
  /** An envelope's ciphertext (payload + tag). */
  envelopeCiphertext: 1024 * 1024,
  /** A signed payload's body. */
  signedBody: 1024 * 1024,
  /** An MQ topic. */
  mqTopic: 128,
  /** An MQ payload. */
  mqPayload: 64 * 1024,
  /** A pallet name in an MQ origin. */
  palletName: 64,
  /** Endpoints a worker advertises, and the length of each. */
  workerEndpoints: 8,
  endpointLength: 256,
  /** Feature flags a worker advertises. */
  workerFeatures: 32,
  /** A contract instantiation salt. */
  contractSalt: 128,
} as const;
