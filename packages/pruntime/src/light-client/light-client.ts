import { PhalanxError } from '@phalanx/errors';
import { cometbftChainId, type Header, headerHash, MemoryNodeStore, MerkleTrie, type Message } from '@phalanx/primitives';
import { MapState, Mq, type StateChange, type StateReader } from '@phalanx/runtime';
import { AuthoritySealFinality } from './authority-finality.js';
import { CometbftBlockFinality, hasCometbftValidators } from './cometbft-block-finality.js';
import type { FinalityCheckpoint, FinalityProof, FinalityVerifier } from './finality.js';

/** A verified position of the chain: what a sealed checkpoint will hold. */
export interface SyncPosition {
  readonly number: number;
  readonly hash: Uint8Array;
  readonly header: Header;
}

const AUTHORITY_SEAL: FinalityProof = { tag: 'AuthoritySeal', value: null };

/** Blocks between trie compactions (nodes of older roots are dropped). */
const COMPACTION_INTERVAL = 512;

/**
 * The pRuntime's light client (DESIGN §5). It trusts only the genesis hash it was built for;
 * every later header must extend the last verified one (parent hash, number, later timestamp),
 * be final by the chain's engine (its `FinalityVerifier`, chosen by the verified genesis: authority
 * seals on a dev chain, CometBFT commits when genesis names CometBFT validators), and its state
 * changes must rebuild exactly the header's state root. The host that feeds it can delay blocks, nothing more: a forged,
 * dropped, reordered or replayed block or change list is detected, and the client halts for good
 * (SYNC_INVALID) rather than let the enclave act on anything unverified.
 */
export class LightClient {
  readonly genesisHash: Uint8Array;
  private readonly state: MapState;
  private trie: MerkleTrie;
  readonly finality: FinalityVerifier;
  private position: SyncPosition;
  private haltedReason: string | undefined;
  private sinceCompaction = 0;

  private constructor(
    genesisHash: Uint8Array,
    state: MapState,
    trie: MerkleTrie,
    position: SyncPosition,
    finality: FinalityVerifier,
  ) {
    this.genesisHash = genesisHash;
    this.state = state;
    this.trie = trie;
    this.position = position;
    this.finality = finality;
  }

  /**
   * Starts from genesis: `genesisHash` is the trusted input (configured into the pRuntime);
   * the header and state come from the untrusted host and must match it.
   */
  static fromGenesis(genesisHash: Uint8Array, header: Header, entries: Iterable<readonly [Uint8Array, Uint8Array]>): LightClient {
    if (header.number !== 0 || Buffer.compare(headerHash(header), genesisHash) !== 0) {
      throw new PhalanxError('SYNC_INVALID', 'the genesis header does not hash to the trusted genesis hash');
    }
    const { state, trie } = stateMatching(entries, header, 'the genesis state does not match the genesis header state root');
    const finality = hasCometbftValidators(state)
      ? CometbftBlockFinality.fromGenesis(genesisHash, header, state.entries())
      : new AuthoritySealFinality(genesisHash);
    return new LightClient(genesisHash, state, trie, { number: 0, hash: genesisHash, header }, finality);
  }

  /**
   * Resumes from a sealed checkpoint (trusted: only this enclave could seal it); the state must
   * still rebuild the checkpoint header's root.
   */
  static fromCheckpoint(
    genesisHash: Uint8Array,
    best: Header,
    entries: Iterable<readonly [Uint8Array, Uint8Array]>,
    genesisHeader: Header,
    finality: FinalityCheckpoint,
  ): LightClient {
    const { state, trie } = stateMatching(entries, best, 'the checkpoint state does not match its block state root');
    const verifier =
      finality.tag === 'Cometbft'
        ? CometbftBlockFinality.restore(
            { chainId: cometbftChainId(genesisHash), genesisAppHash: genesisHeader.stateRoot },
            finality.value,
          )
        : new AuthoritySealFinality(genesisHash);
    return new LightClient(genesisHash, state, trie, { number: best.number, hash: headerHash(best), header: best }, verifier);
  }

  /** Every verified state entry (for sealed checkpoints). */
  stateEntries(): [Uint8Array, Uint8Array][] {
    return [...this.state.entries()];
  }

  get best(): SyncPosition {
    return this.position;
  }

  get halted(): string | undefined {
    return this.haltedReason;
  }

  /** The verified state of the best block (read-only view). */
  get verifiedState(): StateReader {
    return { get: (key) => this.state.get(key) };
  }

  /** Verifies and applies the next block's header and state changes, final by `proof`, or halts. */
  importBlock(header: Header, changes: readonly StateChange[], proof: FinalityProof = AUTHORITY_SEAL): SyncPosition {
    if (this.haltedReason !== undefined) {
      throw new PhalanxError('SYNC_INVALID', `the light client halted earlier: ${this.haltedReason}`);
    }
    try {
      this.verifyHeader(header);
      this.finality.verify(header, this.position.header, proof, this.state);
      verifyChangeList(changes);
    } catch (error) {
      throw this.halt(error);
    }
    const previousRoot = this.trie.root;
    const root = this.trie.update(changes).root;
    if (Buffer.compare(root, header.stateRoot) !== 0) {
      this.trie = this.trie.at(previousRoot);
      throw this.halt(
        new PhalanxError('SYNC_INVALID', `block ${header.number}: the state changes do not rebuild the header's state root`),
      );
    }
    this.state.apply(changes);
    this.position = { number: header.number, hash: headerHash(header), header };
    if (++this.sinceCompaction >= COMPACTION_INTERVAL) this.compact();
    return this.position;
  }

  /** The messages the chain delivered in the best block (`Mq.Outbound`), from verified state. */
  inboundMessages(): Message[] {
    const count = Mq.OutboundCount.getOr(this.state, 0);
    const messages: Message[] = [];
    for (let i = 0; i < count; i++) {
      const message = Mq.Outbound.get(this.state, i);
      if (message === undefined) throw this.halt(new PhalanxError('SYNC_INVALID', `verified state lacks outbound message ${i}`));
      messages.push(message);
    }
    return messages;
  }

  private verifyHeader(header: Header): void {
    const parent = this.position;
    if (header.number <= parent.number) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number} was replayed or reordered: already at ${parent.number}`);
    }
    if (header.number !== parent.number + 1) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number} skips blocks: expected ${parent.number + 1}`);
    }
    if (Buffer.compare(header.parentHash, parent.hash) !== 0) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number} does not extend the verified block ${parent.number}`);
    }
    if (header.timestamp <= parent.header.timestamp) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number}'s timestamp does not increase`);
    }
  }

  private halt(error: unknown): PhalanxError {
    const reason = error instanceof PhalanxError ? error.message : 'unexpected failure while verifying';
    this.haltedReason = reason;
    return error instanceof PhalanxError ? error : new PhalanxError('SYNC_INVALID', reason);
  }

  private compact(): void {
    const trie = new MerkleTrie(new MemoryNodeStore());
    trie.update([...this.state.entries()]);
    this.trie = trie;
    this.sinceCompaction = 0;
  }
}

/** A state from entries, required to rebuild `header`'s state root. */
function stateMatching(
  entries: Iterable<readonly [Uint8Array, Uint8Array]>,
  header: Header,
  mismatch: string,
): { state: MapState; trie: MerkleTrie } {
  const changes: StateChange[] = [...entries].map(([key, value]) => [key, value]);
  const state = new MapState();
  state.apply(changes);
  const trie = new MerkleTrie(new MemoryNodeStore());
  trie.update(changes);
  if (Buffer.compare(trie.root, header.stateRoot) !== 0) throw new PhalanxError('SYNC_INVALID', mismatch);
  return { state, trie };
}

/** Change lists are sorted by key with no duplicates (as the runtime produces them). */
function verifyChangeList(changes: readonly StateChange[]): void {
  for (let i = 1; i < changes.length; i++) {
    const previous = changes[i - 1] as StateChange;
    const current = changes[i] as StateChange;
    if (Buffer.compare(previous[0], current[0]) >= 0) {
      throw new PhalanxError('SYNC_INVALID', 'the state change list is not strictly sorted by key');
    }
  }
}
