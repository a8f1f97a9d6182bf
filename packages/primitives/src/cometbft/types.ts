/**
 * CometBFT v0.38 block headers, commits and validators, as the enclave verifies them. Field names
 * follow `proto/tendermint/types/types.proto`; hashes and addresses are raw bytes, 64-bit integers
 * bigints. The host builds these from CometBFT's RPC JSON (`rpc-json.ts`) and sends them SCALE
 * encoded (`codec.ts`); the enclave hashes them back into CometBFT's own bytes (`hash.ts`).
 */

/** A `google.protobuf.Timestamp`: seconds since the Unix epoch (negative before 1970) and nanoseconds. */
export interface CometbftTime {
  seconds: bigint;
  /** 0..999 999 999 */
  nanos: number;
}

/** `tendermint.types.PartSetHeader`. */
export interface CometbftPartSetHeader {
  total: number;
  hash: Uint8Array;
}

/** `tendermint.types.BlockID`: the header hash and the part set header of the block's parts. */
export interface CometbftBlockId {
  hash: Uint8Array;
  partSetHeader: CometbftPartSetHeader;
}

/** `tendermint.types.Header` (the version is `tendermint.version.Consensus`). */
export interface CometbftHeader {
  version: { block: bigint; app: bigint };
  chainId: string;
  height: bigint;
  time: CometbftTime;
  lastBlockId: CometbftBlockId;
  lastCommitHash: Uint8Array;
  dataHash: Uint8Array;
  validatorsHash: Uint8Array;
  nextValidatorsHash: Uint8Array;
  consensusHash: Uint8Array;
  /** The application's state after executing the previous block (our state root). */
  appHash: Uint8Array;
  lastResultsHash: Uint8Array;
  evidenceHash: Uint8Array;
  proposerAddress: Uint8Array;
}

/** `tendermint.types.BlockIDFlag`: absent (no vote received), commit (voted for the block), nil. */
export const BLOCK_ID_FLAG = { absent: 1, commit: 2, nil: 3 } as const;
export type BlockIdFlag = (typeof BLOCK_ID_FLAG)[keyof typeof BLOCK_ID_FLAG];

/** `tendermint.types.CommitSig`: one validator's precommit, at the validator's index in the set. */
export interface CometbftCommitSig {
  blockIdFlag: BlockIdFlag;
  /** 20 bytes, empty when absent */
  validatorAddress: Uint8Array;
  /** The vote's time; Go's zero time (0001-01-01T00:00:00Z) when absent */
  timestamp: CometbftTime;
  /** 64 bytes, empty when absent */
  signature: Uint8Array;
}

/** `tendermint.types.Commit`: the precommits that decided `blockId` at `height`. */
export interface CometbftCommit {
  height: bigint;
  round: number;
  blockId: CometbftBlockId;
  signatures: CometbftCommitSig[];
}

export interface CometbftSignedHeader {
  header: CometbftHeader;
  commit: CometbftCommit;
}

/** A validator with an ed25519 key (the only kind we accept). */
export interface CometbftValidator {
  /** sha256(pubKey)[..20] */
  address: Uint8Array;
  pubKey: Uint8Array;
  power: bigint;
}

/**
 * What the host feeds the enclave's CometBFT finality tracker for one step: signed headers, each
 * with the validator set its validators_hash names (one height normally, heights 1 and 2 first).
 */
export interface CometbftFinalityProof {
  signedHeaders: CometbftSignedHeader[];
  validatorSets: CometbftValidator[][];
}

/** Caps on everything that crosses into the enclave. */
export const COMETBFT_LIMITS = {
  /** Validators in a set and signatures in a commit. */
  validators: 150,
  /** CometBFT's own `MaxChainIDLen` (types/block.go). */
  chainId: 50,
  /** Every hash is SHA-256 (or empty, e.g. height 1's last block id and app hash). */
  hash: 32,
  address: 20,
  pubKey: 32,
  signature: 64,
  /** `MaxTotalVotingPower` (types/validator_set.go): int64 max / 8, for one validator and for a set. */
  maxTotalVotingPower: (2n ** 63n - 1n) / 8n,
  /** Heights, rounds and part counts are Go int64/int32/uint32 */
  maxInt64: 2n ** 63n - 1n,
  maxInt32: 2 ** 31 - 1,
  maxUint32: 2 ** 32 - 1,
} as const;

/** Go's zero `time.Time` (what an absent vote carries): 0001-01-01T00:00:00Z. */
export const GO_ZERO_TIME: CometbftTime = Object.freeze({ seconds: -62135596800n, nanos: 0 });
