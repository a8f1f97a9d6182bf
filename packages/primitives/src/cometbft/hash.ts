import { sha256 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { merkleRoot } from './merkle.js';
import {
  blockIdProto,
  canonicalVoteSignBytes,
  cdcBytes,
  cdcInt64,
  cdcString,
  consensusVersionProto,
  simpleValidatorProto,
  timestampProto,
} from './proto.js';
import {
  BLOCK_ID_FLAG,
  COMETBFT_LIMITS,
  type CometbftBlockId,
  type CometbftCommit,
  type CometbftHeader,
  type CometbftValidator,
} from './types.js';

/**
 * Header.Hash (types/block.go): the Merkle root of the 14 fields in header order — the version
 * as its proto, the time as a Timestamp, the last block id as a BlockID proto, every other field
 * cdcEncode'd. Like Go, a header without a validators hash has no hash (empty result).
 */
export function headerHash(header: CometbftHeader): Uint8Array {
  if (header.validatorsHash.length === 0) return new Uint8Array();
  return merkleRoot([
    consensusVersionProto(header.version),
    cdcString(header.chainId),
    cdcInt64(header.height),
    timestampProto(header.time),
    blockIdProto(header.lastBlockId),
    cdcBytes(header.lastCommitHash),
    cdcBytes(header.dataHash),
    cdcBytes(header.validatorsHash),
    cdcBytes(header.nextValidatorsHash),
    cdcBytes(header.consensusHash),
    cdcBytes(header.appHash),
    cdcBytes(header.lastResultsHash),
    cdcBytes(header.evidenceHash),
    cdcBytes(header.proposerAddress),
  ]);
}

/** ValidatorSet.Hash (types/validator_set.go): the Merkle root of each validator's Bytes(), in the order given. */
export function validatorSetHash(validators: readonly CometbftValidator[]): Uint8Array {
  return merkleRoot(validators.map(simpleValidatorProto));
}

/**
 * CometBFT's order of a validator set (ValidatorsByVotingPower, types/validator.go and
 * validator_set.go): voting power descending, then address ascending. A set built by CometBFT
 * (e.g. from genesis.json, whose order is arbitrary) is hashed in this order.
 */
export function sortValidatorSet(validators: readonly CometbftValidator[]): CometbftValidator[] {
  return [...validators].sort((a, b) => {
    if (a.power !== b.power) return a.power > b.power ? -1 : 1;
    return compareBytes(a.address, b.address);
  });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** `sha256(pubKey)[..20]`: an ed25519 validator's address (crypto/ed25519 PubKey.Address). */
export function validatorAddress(pubKey: Uint8Array): Uint8Array {
  return sha256(pubKey).slice(0, COMETBFT_LIMITS.address);
}

const EMPTY_BLOCK_ID: CometbftBlockId = { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } };

/**
 * Commit.VoteSignBytes (types/block.go, vote.go): the bytes validator `index` signed — its
 * precommit rebuilt from the commit (Commit.GetVote: the commit's block id for a commit vote, an
 * empty one for nil and absent) and canonicalised with the chain id.
 */
export function voteSignBytes(chainId: string, commit: CometbftCommit, index: number): Uint8Array {
  const sig = commit.signatures[index];
  if (sig === undefined) {
    throw new PhalanxError('INVALID_INPUT', `index ${index} is outside the commit's ${commit.signatures.length} signatures`, {
      details: { parameter: 'index' },
    });
  }
  return canonicalVoteSignBytes({
    chainId,
    height: commit.height,
    round: BigInt(commit.round),
    blockId: sig.blockIdFlag === BLOCK_ID_FLAG.commit ? commit.blockId : EMPTY_BLOCK_ID,
    timestamp: sig.timestamp,
  });
}
