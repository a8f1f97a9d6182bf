import { PhalanxError } from '@phalanx/errors';
import { validatorAddress } from './hash.js';
import { parseRfc3339 } from './rfc3339.js';
import {
  BLOCK_ID_FLAG,
  type BlockIdFlag,
  type CometbftBlockId,
  type CometbftCommit,
  type CometbftCommitSig,
  type CometbftHeader,
  type CometbftSignedHeader,
  type CometbftValidator,
  GO_ZERO_TIME,
  COMETBFT_LIMITS as L,
} from './types.js';

/*
 * CometBFT RPC JSON (`/commit`'s signed_header, `/validators`, genesis validators) to our types.
 * The host runs this on what a CometBFT node serves; every field is checked for shape, length and
 * range, and errors name the field (INVALID_INPUT). Only ed25519 validator keys are accepted.
 */

const bad = (field: string, what: string) =>
  new PhalanxError('INVALID_INPUT', `${field} ${what}`, { details: { parameter: field } });

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(field, 'must be an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw bad(field, 'must be an array');
  if (value.length > max) throw bad(field, `has ${value.length} items, more than the limit of ${max}`);
  return value;
}

const HEX = /^([0-9A-Fa-f]{2})*$/;
function hex(value: unknown, field: string, lengths: readonly number[]): Uint8Array {
  if (typeof value !== 'string' || !HEX.test(value)) throw bad(field, 'must be a hex string');
  if (!lengths.includes(value.length / 2)) throw bad(field, `must be ${lengths.join(' or ')} bytes, got ${value.length / 2}`);
  return new Uint8Array(Buffer.from(value, 'hex'));
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function base64(value: unknown, field: string, length: number): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw bad(field, 'must be padded standard base64');
  const out = new Uint8Array(Buffer.from(value, 'base64'));
  if (out.length !== length) throw bad(field, `must be ${length} bytes, got ${out.length}`);
  return out;
}

const DECIMAL = /^(0|-?[1-9][0-9]{0,18})$/;
/** Go's int64/uint64 JSON form: a decimal string. */
function int(value: unknown, field: string, min: bigint, max: bigint): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value)) throw bad(field, 'must be a decimal integer string');
  const n = BigInt(value);
  if (n < min || n > max) throw bad(field, `must be in [${min}, ${max}], got ${n}`);
  return n;
}

/** int32/uint32 fields are JSON numbers in CometBFT's RPC. */
function smallInt(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    throw bad(field, `must be an integer in [0, ${max}]`);
  return value;
}

const HASH = [0, L.hash] as const;
const utf8Length = (text: string) => new TextEncoder().encode(text).length;

function blockId(value: unknown, field: string): CometbftBlockId {
  const o = object(value, field);
  const parts = object(o.parts, `${field}.parts`);
  return {
    hash: hex(o.hash, `${field}.hash`, HASH),
    partSetHeader: {
      total: smallInt(parts.total, `${field}.parts.total`, L.maxUint32),
      hash: hex(parts.hash, `${field}.parts.hash`, HASH),
    },
  };
}

export function parseCometbftHeader(value: unknown, field = 'header'): CometbftHeader {
  const o = object(value, field);
  const version = object(o.version, `${field}.version`);
  const maxU64 = 2n ** 64n - 1n;
  // CometBFT bounds a chain id's bytes only (MaxChainIDLen, types/block.go).
  if (typeof o.chain_id !== 'string' || o.chain_id.length === 0 || utf8Length(o.chain_id) > L.chainId)
    throw bad(`${field}.chain_id`, `must be a string of 1..${L.chainId} bytes`);
  const h = (name: string) => hex(o[name], `${field}.${name}`, HASH);
  return {
    // `app` is omitted from the JSON when zero (omitempty)
    version: {
      block: int(version.block, `${field}.version.block`, 0n, maxU64),
      app: version.app === undefined ? 0n : int(version.app, `${field}.version.app`, 0n, maxU64),
    },
    chainId: o.chain_id,
    height: int(o.height, `${field}.height`, 1n, L.maxInt64),
    time: parseRfc3339(o.time, `${field}.time`),
    lastBlockId: blockId(o.last_block_id, `${field}.last_block_id`),
    lastCommitHash: h('last_commit_hash'),
    dataHash: h('data_hash'),
    validatorsHash: h('validators_hash'),
    nextValidatorsHash: h('next_validators_hash'),
    consensusHash: h('consensus_hash'),
    appHash: h('app_hash'),
    lastResultsHash: h('last_results_hash'),
    evidenceHash: h('evidence_hash'),
    proposerAddress: hex(o.proposer_address, `${field}.proposer_address`, [L.address]),
  };
}

/** One precommit, with the shape rules of CommitSig.ValidateBasic (types/block.go). */
function commitSig(value: unknown, field: string): CometbftCommitSig {
  const o = object(value, field);
  const flag = o.block_id_flag;
  if (flag !== BLOCK_ID_FLAG.absent && flag !== BLOCK_ID_FLAG.commit && flag !== BLOCK_ID_FLAG.nil)
    throw bad(`${field}.block_id_flag`, 'must be 1 (absent), 2 (commit) or 3 (nil)');
  const blockIdFlag: BlockIdFlag = flag;
  const timestamp = parseRfc3339(o.timestamp, `${field}.timestamp`);
  if (blockIdFlag === BLOCK_ID_FLAG.absent) {
    if (o.validator_address !== '') throw bad(`${field}.validator_address`, 'must be empty for an absent vote');
    if (o.signature !== null && o.signature !== '') throw bad(`${field}.signature`, 'must be null for an absent vote');
    if (timestamp.seconds !== GO_ZERO_TIME.seconds || timestamp.nanos !== 0)
      throw bad(`${field}.timestamp`, 'must be 0001-01-01T00:00:00Z for an absent vote');
    return { blockIdFlag, validatorAddress: new Uint8Array(), timestamp, signature: new Uint8Array() };
  }
  return {
    blockIdFlag,
    validatorAddress: hex(o.validator_address, `${field}.validator_address`, [L.address]),
    timestamp,
    signature: base64(o.signature, `${field}.signature`, L.signature),
  };
}

export function parseCometbftCommit(value: unknown, field = 'commit'): CometbftCommit {
  const o = object(value, field);
  const signatures = array(o.signatures, `${field}.signatures`, L.validators);
  if (signatures.length === 0) throw bad(`${field}.signatures`, 'must not be empty');
  return {
    height: int(o.height, `${field}.height`, 1n, L.maxInt64),
    round: smallInt(o.round, `${field}.round`, L.maxInt32),
    blockId: blockId(o.block_id, `${field}.block_id`),
    signatures: signatures.map((sig, i) => commitSig(sig, `${field}.signatures[${i}]`)),
  };
}

export function parseCometbftSignedHeader(value: unknown, field = 'signed_header'): CometbftSignedHeader {
  const o = object(value, field);
  return { header: parseCometbftHeader(o.header, `${field}.header`), commit: parseCometbftCommit(o.commit, `${field}.commit`) };
}

/**
 * One validator from `/validators` (`voting_power`) or genesis.json (`power`); the key must be
 * `tendermint/PubKeyEd25519` and the address must be derived from it.
 */
export function parseCometbftValidator(value: unknown, field = 'validator'): CometbftValidator {
  const o = object(value, field);
  const key = object(o.pub_key, `${field}.pub_key`);
  if (key.type !== 'tendermint/PubKeyEd25519')
    throw bad(`${field}.pub_key.type`, 'must be tendermint/PubKeyEd25519 (only ed25519 validators are supported)');
  const pubKey = base64(key.value, `${field}.pub_key.value`, L.pubKey);
  const address = hex(o.address, `${field}.address`, [L.address]);
  if (!Buffer.from(address).equals(Buffer.from(validatorAddress(pubKey))))
    throw bad(`${field}.address`, 'is not sha256(pub_key)[..20]');
  const powerField = o.voting_power !== undefined ? 'voting_power' : 'power';
  return { address, pubKey, power: int(o[powerField], `${field}.${powerField}`, 1n, L.maxTotalVotingPower) };
}

/** A validator list, in the order given (CometBFT's RPC already serves the set's order). */
export function parseCometbftValidators(value: unknown, field = 'validators'): CometbftValidator[] {
  const list = array(value, field, L.validators);
  if (list.length === 0) throw bad(field, 'must not be empty');
  return list.map((v, i) => parseCometbftValidator(v, `${field}[${i}]`));
}
