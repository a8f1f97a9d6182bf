import { equalBytes, sha256 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { cometbft } from '@phalanx/primitives';
import { bytes, decode, encode, fixedBytes, option, str, struct, u8 } from '@phalanx/scale';
import { verifyCommit } from './verify-commit.js';

type Header = cometbft.CometbftHeader;
type SignedHeader = cometbft.CometbftSignedHeader;
type Validator = cometbft.CometbftValidator;

/** What the enclave is configured to trust: the chain and its genesis. */
export interface CometbftTrustRoot {
  chainId: string;
  /** genesis.json's validators, in any order (CometBFT sorts them into its set order). */
  genesisValidators: readonly Validator[];
  /** The app hash CometBFT's height 1 carries: our genesis state root (InitChain's app_hash). */
  genesisAppHash: Uint8Array;
}

/** Signed headers to verify next (the SCALE form is primitives' `cometbft.CometbftFinalityProofCodec`). */
export type CometbftFinalityProof = cometbft.CometbftFinalityProof;

export interface CometbftFinalized {
  /** Header H: committed, and the block the caller may now apply. */
  final: Header;
  /** Header H + 1's app hash: the state root the application must have after executing block H. */
  nextAppHash: Uint8Array;
}

const SNAPSHOT_VERSION = 1;
const Snapshot = struct('CometbftFinalitySnapshot', {
  version: u8,
  root: fixedBytes(32),
  last: option(cometbft.CometbftHeaderCodec),
});
const RootCodec = struct('CometbftTrustRoot', {
  chainId: str(cometbft.COMETBFT_LIMITS.chainId),
  validators: cometbft.CometbftValidatorSetCodec,
  appHash: bytes(32),
});

const hex = (bytes: Uint8Array) => (bytes.length === 0 ? '(empty)' : Buffer.from(bytes).toString('hex').toUpperCase());
const invalid = (height: bigint, reason: string) =>
  new PhalanxError('SYNC_INVALID', `CometBFT height ${height}: ${reason}`, { details: { height: height.toString() } });

/**
 * The CometBFT trust chain the enclave follows, one height at a time from genesis: each header
 * extends the last verified one (height + 1, last_block_id = its hash, validators_hash = its
 * next_validators_hash, a later time) — height 1 instead matches the trust root (no last block,
 * the genesis validators and app hash) — and carries a commit by more than 2/3 of its validators.
 * Because an app hash is only known one height later, header H is handed out as final together
 * with H + 1's app hash. No clock: time only has to increase. A proof that fails leaves the state
 * as it was; the caller decides whether to halt.
 */
export class CometbftFinality {
  readonly chainId: string;
  readonly #genesisValidators: Validator[];
  readonly #genesisAppHash: Uint8Array;
  readonly #rootHash: Uint8Array;
  #last: Header | undefined;

  constructor(root: CometbftTrustRoot) {
    const validators = cometbft.sortValidatorSet(root.genesisValidators);
    const appHash = root.genesisAppHash;
    if (!(appHash instanceof Uint8Array) || (appHash.length !== 0 && appHash.length !== 32)) {
      throw new PhalanxError('INVALID_INPUT', 'genesisAppHash must be 0 or 32 bytes', {
        details: { parameter: 'genesisAppHash' },
      });
    }
    if (typeof root.chainId !== 'string' || root.chainId.length === 0) {
      throw new PhalanxError('INVALID_INPUT', 'chainId must be a non-empty string', { details: { parameter: 'chainId' } });
    }
    // Encoding checks every bound (chain id length, key and address sizes, power, set size).
    const encoded = encode(RootCodec, { chainId: root.chainId, validators, appHash });
    this.chainId = root.chainId;
    this.#genesisValidators = validators;
    this.#genesisAppHash = appHash.slice();
    this.#rootHash = sha256(encoded);
  }

  /** The newest verified header (undefined before the first proof). */
  get latest(): Header | undefined {
    return this.#last === undefined ? undefined : structuredClone(this.#last);
  }

  /**
   * Verifies the next height(s): one signed header at height H + 1, or heights 1 and 2 for the
   * first proof; returns header H as final with the app hash (state root after H) of H + 1.
   */
  verifyNext(proof: CometbftFinalityProof): CometbftFinalized {
    const { signedHeaders, validatorSets } = proof;
    const expected = this.#last === undefined ? 2 : 1;
    const firstHeight = (this.#last?.height ?? 0n) + 1n;
    if (signedHeaders.length !== expected || validatorSets.length !== expected) {
      throw invalid(
        firstHeight,
        `expected ${expected} signed header(s) and validator set(s), got ${signedHeaders.length} and ${validatorSets.length}`,
      );
    }
    let previous = this.#last;
    signedHeaders.forEach((signedHeader, i) => {
      this.#verifyLink(previous, signedHeader.header);
      verifyCommit(this.chainId, signedHeader, validatorSets[i] as readonly Validator[]);
      previous = signedHeader.header;
    });
    // Header H is the one before the newest: the last verified one, or height 1 on the first proof.
    // Copies: what the tracker keeps and hands out is not shared with the caller's objects.
    const final = structuredClone(this.#last ?? (signedHeaders[0] as SignedHeader).header);
    const newest = structuredClone(previous as Header);
    this.#last = newest;
    return { final, nextAppHash: newest.appHash.slice() };
  }

  /** The header's place in the chain: after `previous`, or at height 1 from the trust root. */
  #verifyLink(previous: Header | undefined, header: Header): void {
    const height = header.height;
    const wanted = (previous?.height ?? 0n) + 1n;
    if (height !== wanted) throw invalid(height, `expected height ${wanted} next, got ${height}`);
    if (previous === undefined) {
      const { hash, partSetHeader } = header.lastBlockId;
      if (hash.length !== 0 || partSetHeader.total !== 0 || partSetHeader.hash.length !== 0) {
        throw invalid(height, 'the first block must have an empty last_block_id');
      }
      if (!equalBytes(header.appHash, this.#genesisAppHash)) {
        throw invalid(height, `app hash ${hex(header.appHash)} is not the genesis app hash ${hex(this.#genesisAppHash)}`);
      }
      if (!equalBytes(header.validatorsHash, cometbft.validatorSetHash(this.#genesisValidators))) {
        throw invalid(height, 'validators_hash is not the hash of the genesis validators');
      }
      return;
    }
    const previousHash = cometbft.headerHash(previous);
    if (!equalBytes(header.lastBlockId.hash, previousHash)) {
      throw invalid(
        height,
        `last_block_id ${hex(header.lastBlockId.hash)} is not the hash of height ${previous.height} (${hex(previousHash)})`,
      );
    }
    if (!equalBytes(header.validatorsHash, previous.nextValidatorsHash)) {
      throw invalid(
        height,
        `validators_hash ${hex(header.validatorsHash)} is not height ${previous.height}'s next_validators_hash ${hex(previous.nextValidatorsHash)}`,
      );
    }
    const { seconds, nanos } = header.time;
    if (seconds < previous.time.seconds || (seconds === previous.time.seconds && nanos <= previous.time.nanos)) {
      throw invalid(height, `the block time is not after height ${previous.height}'s`);
    }
  }

  /** SCALE bytes of the tracker's state, bound to its trust root (for a sealed checkpoint). */
  snapshot(): Uint8Array {
    return encode(Snapshot, { version: SNAPSHOT_VERSION, root: this.#rootHash, last: this.#last });
  }

  /** Resumes from `snapshot()` bytes (trusted: they come from a sealed checkpoint) under the same trust root. */
  static restore(root: CometbftTrustRoot, snapshot: Uint8Array): CometbftFinality {
    const tracker = new CometbftFinality(root);
    const value = decode(Snapshot, snapshot);
    if (value.version !== SNAPSHOT_VERSION) {
      throw new PhalanxError('CODEC', `CometBFT finality snapshot version ${value.version} is not ${SNAPSHOT_VERSION}`);
    }
    if (!equalBytes(value.root, tracker.#rootHash)) {
      throw new PhalanxError('INVALID_INPUT', 'the CometBFT finality snapshot was taken under another trust root');
    }
    tracker.#last = value.last;
    return tracker;
  }
}
