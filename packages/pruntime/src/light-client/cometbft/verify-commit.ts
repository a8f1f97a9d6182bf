import { equalBytes, verifyEd25519Zip215 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { cometbft } from '@phalanx/primitives';

type SignedHeader = cometbft.CometbftSignedHeader;
type Validator = cometbft.CometbftValidator;

const { BLOCK_ID_FLAG, COMETBFT_LIMITS } = cometbft;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

function invalid(height: bigint, reason: string): PhalanxError {
  return new PhalanxError('SYNC_INVALID', `CometBFT height ${height}: ${reason}`, { details: { height: height.toString() } });
}

/** The voting power behind a verified commit. */
export interface CommitPower {
  signed: bigint;
  total: bigint;
}

/**
 * Checks that `signedHeader` was committed by `validators` (the set its validators_hash names),
 * as CometBFT's VerifyCommit (types/validation.go) does for one height: the commit is for this
 * header of this chain, the set hashes to the header's validators_hash, signature i belongs to
 * validator i, every commit vote's signature verifies (ZIP-215) over its canonical sign bytes,
 * and those votes carry more than 2/3 of the set's power. Nil and absent votes count for nothing
 * (CometBFT neither counts nor checks nil votes' signatures here). Throws SYNC_INVALID naming
 * the height and the problem; the values are only read.
 */
export function verifyCommit(chainId: string, signedHeader: SignedHeader, validators: readonly Validator[]): CommitPower {
  const { header, commit } = signedHeader;
  const height = header.height;
  if (header.chainId !== chainId) throw invalid(height, `the header is for chain "${header.chainId}", not "${chainId}"`);
  if (commit.height !== height) throw invalid(height, `the commit is for height ${commit.height}, not the header's`);
  const total = checkValidatorSet(height, validators);
  if (!equalBytes(cometbft.validatorSetHash(validators), header.validatorsHash)) {
    throw invalid(height, `the validator set given does not hash to the header's validators_hash ${hex(header.validatorsHash)}`);
  }
  const blockHash = cometbft.headerHash(header);
  if (!equalBytes(commit.blockId.hash, blockHash)) {
    throw invalid(height, `the commit is for block ${hex(commit.blockId.hash)}, not this header (hash ${hex(blockHash)})`);
  }
  if (commit.signatures.length !== validators.length) {
    throw invalid(height, `the commit has ${commit.signatures.length} signatures for ${validators.length} validators`);
  }
  let signed = 0n;
  commit.signatures.forEach((sig, i) => {
    const validator = validators[i] as Validator;
    if (sig.blockIdFlag === BLOCK_ID_FLAG.absent) {
      if (sig.validatorAddress.length !== 0 || sig.signature.length !== 0)
        throw invalid(height, `absent vote ${i} carries an address or signature`);
      return;
    }
    if (!equalBytes(sig.validatorAddress, validator.address)) {
      throw invalid(height, `vote ${i} is by ${hex(sig.validatorAddress)}, not by validator ${i} (${hex(validator.address)})`);
    }
    if (sig.blockIdFlag !== BLOCK_ID_FLAG.commit) return;
    if (!verifyEd25519Zip215(sig.signature, cometbft.voteSignBytes(chainId, commit, i), validator.pubKey)) {
      throw invalid(height, `the signature of validator ${i} (${hex(validator.address)}) does not verify`);
    }
    signed += validator.power;
  });
  // More than 2/3, in integers: 3 * signed > 2 * total (types/validation.go: votingPowerNeeded = total * 2 / 3, then >).
  if (3n * signed <= 2n * total) {
    throw invalid(height, `only ${signed} of ${total} voting power signed the commit; more than 2/3 is needed`);
  }
  return { signed, total };
}

/** A set CometBFT could have made: 1..150 validators, addresses from their keys, no repeats, bounded power. */
function checkValidatorSet(height: bigint, validators: readonly Validator[]): bigint {
  if (validators.length === 0 || validators.length > COMETBFT_LIMITS.validators) {
    throw invalid(height, `a validator set has 1..${COMETBFT_LIMITS.validators} validators, not ${validators.length}`);
  }
  const seen = new Set<string>();
  let total = 0n;
  validators.forEach((v, i) => {
    const address = hex(v.address);
    if (!equalBytes(cometbft.validatorAddress(v.pubKey), v.address))
      throw invalid(height, `validator ${i}'s address is not derived from its key`);
    if (seen.has(address)) throw invalid(height, `validator ${address} appears twice in the set`);
    seen.add(address);
    if (v.power < 1n) throw invalid(height, `validator ${i} has voting power ${v.power}`);
    total += v.power;
  });
  if (total > COMETBFT_LIMITS.maxTotalVotingPower)
    throw invalid(height, `the set's total voting power ${total} is over CometBFT's maximum`);
  return total;
}
