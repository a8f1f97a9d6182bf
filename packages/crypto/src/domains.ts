/**
 * Every domain-separation string Phalanx uses, in one place, so no two purposes can share one.
 * Changing any of these changes derived keys and signatures: they are part of the protocol.
 */
export const DOMAIN = {
  /** HKDF salt of `derive(parent, labels…)`. */
  deriveSalt: 'phalanx/derive/v1',
  /** HKDF info of the channel key between two sr25519 keys (DESIGN §4). */
  comm: 'phalanx/comm/v1',
  /** Associated-data prefix of every envelope. */
  envelope: 'phalanx/envelope/v1',
  /** OPRF input tag of a contract (also hashed into the contract id). */
  contractInput: 'phalanx/contract/v1',
  /** HKDF info turning a contract's OPRF output into its seed. */
  contractSeed: 'phalanx/contract-seed/v1',
  /** HKDF info of other MasterKey-derived secrets; the purpose is appended. */
  masterDerived: 'phalanx/master-derived/v1',
  /** Associated-data prefix of sealed blobs. */
  seal: 'phalanx/seal/v1',
  /** Prefix of every signed payload (followed by the payload kind and the genesis hash). */
  signedPayload: 'phalanx/signed/v1',
  /** schnorrkel VRF signing context of a validator's per-height output (vote extensions, issue 11). */
  vrfBeacon: 'phalanx/vrf-beacon/v1',
  /**
   * Signing kind of a worker's own claim about a contract state commit (contract, block, command
   * sequence, digest), signed by the worker's IdentityKey: it attributes a commit every replica could
   * have signed with the contract key to one worker, so a wrong one can be punished (issue 12 item 2).
   */
  workerCommit: 'phalanx/worker-commit/v1',
  /**
   * Signing kind of a pRuntime's EcdhKey rotation (its identity, the key it replaces, the new key),
   * signed by its IdentityKey: only the enclave can move its own encryption key (issue 13 item 5).
   */
  ecdhRotation: 'phalanx/ecdh-rotation/v1',
  /** Hash-to-scalar tag of a DKG dealer's Schnorr proof of knowledge of its constant term (threshold/). */
  thresholdDkgProof: 'phalanx/threshold/dkg-proof/v1',
  /** Hedged nonce of a threshold OPRF answer's DLEQ proof (share, input element and fresh randomness). */
  thresholdProofNonce: 'phalanx/threshold/proof-nonce/v1',
  /** Tag of a dealer's private payload (share and seed contributions) before the caller encrypts it. */
  thresholdPayload: 'phalanx/threshold/payload/v1',
  /** Hash commitment to a dealer's contribution to a zero-sharing set seed. */
  thresholdSeedCommit: 'phalanx/threshold/seed-commit/v1',
  /** A zero-sharing set seed from its members' contributions. */
  thresholdSetSeed: 'phalanx/threshold/set-seed/v1',
  /** One-way step of a set seed at each epoch (the old seed is erased). */
  thresholdSeedRatchet: 'phalanx/threshold/seed-ratchet/v1',
  /** Hash-to-scalar tag of a set's zero-sharing coefficient for one epoch. */
  thresholdZeroShare: 'phalanx/threshold/zero-share/v1',
} as const;

/** Labels under a contract key (DESIGN §3). */
export const LABEL = {
  identity: 'identity',
  ecdh: 'ecdh',
  storage: 'storage',
  storageEntry: 'kv',
  storageName: 'kv-name',
  userKey: 'user-key',
  sealKey: 'seal',
} as const;
