import { PhalanxError } from '@phalanx/errors';
import { bytes, type Codec, fixedBytes, mapCodec, str, struct, u8, u32, u64, vec } from '@phalanx/scale';
import {
  BLOCK_ID_FLAG,
  type BlockIdFlag,
  type CometbftBlockId,
  type CometbftCommit,
  type CometbftCommitSig,
  type CometbftFinalityProof,
  type CometbftHeader,
  type CometbftSignedHeader,
  type CometbftTime,
  type CometbftValidator,
  COMETBFT_LIMITS as L,
} from './types.js';

/*
 * SCALE codecs for the CometBFT types: how the host hands them to the enclave in ecall messages.
 * Every field is bounded in both directions so an oversize or out-of-range value is refused before
 * it is hashed or verified (CODEC on decode, ENCODE on encode).
 */

const encodeError = (message: string) => new PhalanxError('ENCODE', message);
const decodeError = (message: string) => new PhalanxError('CODEC', message);

/** A bigint in [min, max] carried as u64 (two's complement for negatives, as Go's int64). */
function int64In(name: string, min: bigint, max: bigint): Codec<bigint> {
  const check = (value: bigint) => {
    if (typeof value !== 'bigint' || value < min || value > max)
      throw encodeError(`${name} must be a bigint in [${min}, ${max}]`);
    return value;
  };
  return mapCodec(
    u64,
    name,
    (value: bigint) => BigInt.asUintN(64, check(value)),
    (raw) => {
      const value = BigInt.asIntN(64, raw);
      if (value < min || value > max) throw decodeError(`${name} must be in [${min}, ${max}], got ${value}`);
      return value;
    },
  );
}

function u32In(name: string, max: number): Codec<number> {
  return mapCodec(
    u32,
    name,
    (value: number) => {
      if (!Number.isInteger(value) || value < 0 || value > max) throw encodeError(`${name} must be an integer in [0, ${max}]`);
      return value;
    },
    (value) => {
      if (value > max) throw decodeError(`${name} must be at most ${max}, got ${value}`);
      return value;
    },
  );
}

/** Bytes of exactly one of the given lengths (a hash is empty or 32 bytes). */
function bytesOfLength(name: string, lengths: readonly number[]): Codec<Uint8Array> {
  const max = Math.max(...lengths);
  const allowed = lengths.join(' or ');
  return mapCodec(
    bytes(max),
    name,
    (value: Uint8Array) => {
      if (!(value instanceof Uint8Array) || !lengths.includes(value.length))
        throw encodeError(`${name} must be ${allowed} bytes`);
      return value;
    },
    (value) => {
      if (!lengths.includes(value.length)) throw decodeError(`${name} must be ${allowed} bytes, got ${value.length}`);
      return value;
    },
  );
}

const Hash = bytesOfLength('Hash', [0, L.hash]);
const Address = fixedBytes(L.address);

export const CometbftTimeCodec: Codec<CometbftTime> = struct('CometbftTime', {
  // Go's time.Time spans years 1..9999 (RFC 3339); nothing outside is a CometBFT time.
  seconds: int64In('seconds', -62135596800n, 253402300799n),
  nanos: u32In('nanos', 999_999_999),
});

export const CometbftBlockIdCodec: Codec<CometbftBlockId> = struct('CometbftBlockId', {
  hash: Hash,
  partSetHeader: struct('CometbftPartSetHeader', { total: u32In('total', L.maxUint32), hash: Hash }),
});

export const CometbftHeaderCodec: Codec<CometbftHeader> = struct('CometbftHeader', {
  version: struct('CometbftVersion', { block: u64, app: u64 }),
  chainId: str(L.chainId),
  height: int64In('height', 1n, L.maxInt64),
  time: CometbftTimeCodec,
  lastBlockId: CometbftBlockIdCodec,
  lastCommitHash: Hash,
  dataHash: Hash,
  validatorsHash: Hash,
  nextValidatorsHash: Hash,
  consensusHash: Hash,
  appHash: Hash,
  lastResultsHash: Hash,
  evidenceHash: Hash,
  proposerAddress: Address,
});

const BlockIdFlagCodec: Codec<BlockIdFlag> = mapCodec(
  u8,
  'BlockIdFlag',
  (value: BlockIdFlag) => {
    if (!isBlockIdFlag(value)) throw encodeError('BlockIdFlag must be 1 (absent), 2 (commit) or 3 (nil)');
    return value;
  },
  (value) => {
    if (!isBlockIdFlag(value)) throw decodeError(`BlockIdFlag must be 1 (absent), 2 (commit) or 3 (nil), got ${value}`);
    return value;
  },
);

export function isBlockIdFlag(value: unknown): value is BlockIdFlag {
  return value === BLOCK_ID_FLAG.absent || value === BLOCK_ID_FLAG.commit || value === BLOCK_ID_FLAG.nil;
}

export const CometbftCommitSigCodec: Codec<CometbftCommitSig> = struct('CometbftCommitSig', {
  blockIdFlag: BlockIdFlagCodec,
  validatorAddress: bytesOfLength('validatorAddress', [0, L.address]),
  timestamp: CometbftTimeCodec,
  signature: bytesOfLength('signature', [0, L.signature]),
});

export const CometbftCommitCodec: Codec<CometbftCommit> = struct('CometbftCommit', {
  height: int64In('height', 1n, L.maxInt64),
  round: u32In('round', L.maxInt32),
  blockId: CometbftBlockIdCodec,
  signatures: vec(CometbftCommitSigCodec, L.validators, 14),
});

export const CometbftSignedHeaderCodec: Codec<CometbftSignedHeader> = struct('CometbftSignedHeader', {
  header: CometbftHeaderCodec,
  commit: CometbftCommitCodec,
});

export const CometbftValidatorCodec: Codec<CometbftValidator> = struct('CometbftValidator', {
  address: Address,
  pubKey: fixedBytes(L.pubKey),
  power: int64In('power', 1n, L.maxTotalVotingPower),
});

/** A validator set in CometBFT's order (power descending, then address): the order its hash uses. */
export const CometbftValidatorSetCodec: Codec<CometbftValidator[]> = vec(CometbftValidatorCodec, L.validators, 60);

/** A finality proof: at most two heights (two only for the first proof, heights 1 and 2). */
export const CometbftFinalityProofCodec: Codec<CometbftFinalityProof> = struct('CometbftFinalityProof', {
  signedHeaders: vec(CometbftSignedHeaderCodec, 2),
  validatorSets: vec(CometbftValidatorSetCodec, 2),
});
