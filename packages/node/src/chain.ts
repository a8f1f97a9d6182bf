import { PhalanxError } from '@phalanx/errors';
import { BLOCK_LIMITS, type Block, type Header, headerHash, sealHeader, ZERO_SIGNATURE } from '@phalanx/primitives';
import {
  type BlockEnv,
  type BlockExecution,
  BlockExecutor,
  type CheckedExtrinsic,
  Consensus as ConsensusStorage,
  checkExtrinsic,
  type EventRecord,
  executeBlock,
  type GenesisConfig,
  System,
} from '@phalanx/runtime';
import type { Consensus } from './authoring/consensus.js';
import { BestState } from './best-state.js';
import type { ChainDb, StoredBlock } from './db/chain-db.js';
import { Listeners } from './events.js';
import { extrinsicsRoot, genesisBlock } from './genesis.js';
import { Mutex } from './mutex.js';
import { TxPool } from './pool/tx-pool.js';
import type { PoolLimits } from './pool/types.js';
import type { SignatureVerifier } from './verify/verifier.js';

export interface ChainOptions {
  readonly db: ChainDb;
  readonly genesis: GenesisConfig;
  readonly consensus: Consensus;
  readonly verifier: SignatureVerifier;
  /** Milliseconds since the epoch; the only clock the chain reads (injected for tests). */
  readonly clock?: () => bigint;
  readonly poolLimits?: Partial<PoolLimits>;
  /** Blocks between trie compactions (older roots then become unavailable). */
  readonly compactionInterval?: number;
  /** How far in the future (ms) an imported block's timestamp may be. */
  readonly maxFutureDriftMs?: bigint;
}

export interface ImportedBlock extends StoredBlock {
  readonly header: Header;
  readonly finalized: boolean;
}

/**
 * The chain: the best block and its state, the pool, block production and import. The runtime
 * decides what blocks mean; this class does the I/O around it. Production and import are
 * serialised; each block is committed to the database atomically before anyone hears of it.
 */
export class Chain {
  readonly db: ChainDb;
  readonly genesisHash: Uint8Array;
  readonly pool: TxPool;
  readonly newHeads = new Listeners<ImportedBlock>();
  readonly finalizedHeads = new Listeners<ImportedBlock>();
  /** Fired when a transaction enters the pool as ready (instant seal listens). */
  readonly readyTransactions = new Listeners<void>();
  readonly chainName: string;
  private readonly consensus: Consensus;
  private readonly verifier: SignatureVerifier;
  private readonly clock: () => bigint;
  private readonly compactionInterval: number;
  private readonly maxFutureDriftMs: bigint;
  private readonly mutex = new Mutex();
  /** Set once a block could not be made durable: the chain takes no more (see `commit`). */
  private storeFailure: PhalanxError | undefined;
  private state: BestState;
  private best: { header: Header; hash: Uint8Array };
  private finalized: { header: Header; hash: Uint8Array };
  /** A block decided by an external engine (CometBFT), executed and staged, not yet durable. */
  private decided: { block: Block; execution: BlockExecution; included: readonly CheckedExtrinsic[] } | undefined;

  private constructor(
    options: ChainOptions,
    genesisHash: Uint8Array,
    state: BestState,
    best: { header: Header; hash: Uint8Array },
    finalized: { header: Header; hash: Uint8Array },
  ) {
    this.db = options.db;
    this.genesisHash = genesisHash;
    this.consensus = options.consensus;
    this.verifier = options.verifier;
    this.clock = options.clock ?? (() => BigInt(Date.now()));
    this.compactionInterval = options.compactionInterval ?? 256;
    this.maxFutureDriftMs = options.maxFutureDriftMs ?? 30_000n;
    this.pool = new TxPool(options.poolLimits);
    this.state = state;
    this.best = best;
    this.finalized = finalized;
    this.chainName = options.genesis.chainName;
  }

  /** Opens the chain in `db`, writing genesis on first use; refuses a database of another chain. */
  static async open(options: ChainOptions): Promise<Chain> {
    const genesis = genesisBlock(options.genesis);
    const stored = await options.db.genesisHash();
    if (stored === undefined) {
      const block: Block = { header: genesis.header, extrinsics: [] };
      await options.db.commitBlock(
        { hash: genesis.hash, block, changes: [...genesis.state.entries()], events: [] },
        { finalized: true, genesis: true },
      );
      await options.db.markFinalized({ number: 0, hash: genesis.hash });
    } else if (Buffer.compare(stored, genesis.hash) !== 0) {
      throw new PhalanxError(
        'STORE',
        'the data directory holds another chain (different genesis); use another --data-dir or start over with --reset',
      );
    }
    const bestHash = (await options.db.bestHash()) ?? genesis.hash;
    const bestHeader = await options.db.header(bestHash);
    const finalizedHash = (await options.db.finalizedHash()) ?? genesis.hash;
    const finalizedHeader = await options.db.header(finalizedHash);
    if (bestHeader === undefined || finalizedHeader === undefined)
      throw options.db.damaged('the header of its best or finalized block is missing');
    const entries: [Uint8Array, Uint8Array][] = [];
    for await (const entry of options.db.state()) entries.push(entry);
    const state = BestState.fromEntries(entries);
    if (Buffer.compare(state.root, bestHeader.stateRoot) !== 0) {
      throw options.db.damaged(`the stored state does not match block ${bestHeader.number}'s state root (corrupt)`);
    }
    return new Chain(
      options,
      genesis.hash,
      state,
      { header: bestHeader, hash: bestHash },
      { header: finalizedHeader, hash: finalizedHash },
    );
  }

  get bestHeader(): Header {
    return this.best.header;
  }

  get bestHash(): Uint8Array {
    return this.best.hash;
  }

  get finalizedHash(): Uint8Array {
    return this.finalized.hash;
  }

  get finalizedHeader(): Header {
    return this.finalized.header;
  }

  get bestState(): BestState {
    return this.state;
  }

  /** Checks and admits a transaction to the pool. Resolves with its hash and pool status. */
  async submit(bytes: Uint8Array): Promise<{ hash: Uint8Array; status: 'ready' | 'future' }> {
    if (bytes.length > BLOCK_LIMITS.maxExtrinsicBytes) {
      throw new PhalanxError('TX_TOO_LARGE', `extrinsic of ${bytes.length} bytes exceeds ${BLOCK_LIMITS.maxExtrinsicBytes}`);
    }
    const verdict = await this.verifier.verify(bytes);
    if (verdict !== null) throw new PhalanxError(verdict.code, verdict.message);
    const checked = checkExtrinsic(bytes, this.genesisHash, true);
    const status = this.pool.submit(this.state.flat, checked);
    if (status === 'ready') this.readyTransactions.emit();
    return { hash: checked.hash, status };
  }

  /** Authors one block from the pool (needs the author key). Resolves undefined when there was nothing to include and `allowEmpty` is false. */
  produceBlock(options: { allowEmpty?: boolean } = {}): Promise<ImportedBlock | undefined> {
    return this.mutex.run(async () => {
      if (this.storeFailure !== undefined) throw this.storeFailure;
      const author = this.consensus.authorKey;
      if (author === undefined) throw new PhalanxError('INTERNAL', 'this node has no authoring key');
      const parent = this.best.header;
      const now = this.clock();
      const timestamp = now > parent.timestamp ? now : parent.timestamp + 1n;
      const env = { number: parent.number + 1, timestamp, author: author.publicKey, parentHash: this.best.hash };
      const executor = new BlockExecutor(this.state.flat, env, parent.seal);
      const included: CheckedExtrinsic[] = [];
      let size = 0;
      for (const tx of this.pool.ready(this.state.flat)) {
        if (included.length >= BLOCK_LIMITS.maxExtrinsics || size + tx.checked.bytes.length > BLOCK_LIMITS.maxBlockBytes) break;
        try {
          executor.apply(tx.checked);
          included.push(tx.checked);
          size += tx.checked.bytes.length;
        } catch (error) {
          if (!(error instanceof PhalanxError && error.code === 'TX_FUTURE')) {
            this.pool.reject(tx.checked.hash, error instanceof Error ? error.message : 'cannot be included');
          }
        }
      }
      if (included.length === 0 && options.allowEmpty !== true) return undefined;
      const { changes, events } = executor.finalize();
      const extrinsics = included.map((checked) => checked.bytes);
      const stateRoot = this.state.stage(changes);
      const header = sealHeader({ ...env, stateRoot, extrinsicsRoot: extrinsicsRoot(extrinsics) }, author, this.genesisHash);
      return this.commit({ header, extrinsics }, changes, events, included);
    });
  }

  /** Imports a block authored elsewhere: checks linkage, seal, signatures, re-executes, checks both roots. */
  importBlock(block: Block): Promise<ImportedBlock> {
    // Size checks, then signature checks start at once, outside the lock: the threads verify this
    // block while an earlier one is still executing (blocks arriving in a row are pipelined).
    let verification: Promise<Awaited<ReturnType<SignatureVerifier['verifyMany']>>>;
    try {
      this.checkBlockSize(block);
      verification = this.verifier.verifyMany(block.extrinsics);
    } catch (error) {
      return Promise.reject(error);
    }
    verification.catch(() => undefined); // awaited below; never an unhandled rejection
    return this.mutex.run(async () => {
      if (this.storeFailure !== undefined) throw this.storeFailure;
      const { header } = block;
      const hash = headerHash(header);
      if (Buffer.compare(header.parentHash, this.best.hash) !== 0 || header.number !== this.best.header.number + 1) {
        throw new PhalanxError(
          'BLOCK_INVALID',
          `block ${header.number} does not extend the best block ${this.best.header.number} (forks are not supported yet)`,
        );
      }
      if (header.timestamp > this.clock() + this.maxFutureDriftMs) {
        throw new PhalanxError('BLOCK_INVALID', `block ${header.number} is timestamped too far in the future`);
      }
      const authorities = ConsensusStorage.Authorities.getOr(this.state.flat, []);
      this.consensus.verifySeal(header, authorities, this.genesisHash);
      if (Buffer.compare(extrinsicsRoot(block.extrinsics), header.extrinsicsRoot) !== 0) {
        throw new PhalanxError('BLOCK_INVALID', `block ${header.number}'s extrinsics do not match its extrinsics root`);
      }
      const verdicts = await verification;
      const bad = verdicts.findIndex((verdict) => verdict !== null);
      if (bad >= 0)
        throw new PhalanxError('BLOCK_INVALID', `extrinsic ${bad} of block ${header.number}: ${verdicts[bad]?.message}`);
      const checked = block.extrinsics.map((bytes) => checkExtrinsic(bytes, this.genesisHash, true));
      const { changes, events } = executeBlock(this.state.flat, header, this.best.header.seal, checked);
      const stateRoot = this.state.stage(changes);
      if (Buffer.compare(stateRoot, header.stateRoot) !== 0) {
        this.state.abort();
        throw new PhalanxError('BLOCK_INVALID', `block ${header.number}'s state root does not match its execution`);
      }
      const imported = await this.commit(block, changes, events, checked);
      if (Buffer.compare(imported.hash, hash) !== 0) throw new PhalanxError('INTERNAL', 'block hash changed while importing');
      return imported;
    });
  }

  /**
   * Stages a block an external consensus engine decided (CometBFT's FinalizeBlock) and that the
   * caller executed over the best state: its header (unsealed: the engine's commit is its
   * finality) and state root exist now, and it becomes durable on `commitDecided` (Commit). A
   * block staged earlier and never committed (the engine replays after a crash) is dropped.
   */
  stageDecided(env: BlockEnv, included: readonly CheckedExtrinsic[], execution: BlockExecution): Header {
    if (this.storeFailure !== undefined) throw this.storeFailure;
    if (env.number !== this.best.header.number + 1 || Buffer.compare(env.parentHash, this.best.hash) !== 0) {
      throw new PhalanxError('INTERNAL', `decided block ${env.number} does not extend the best block ${this.best.header.number}`);
    }
    this.abortDecided();
    const extrinsics = included.map((checked) => checked.bytes);
    const stateRoot = this.state.stage(execution.changes);
    const header: Header = { ...env, stateRoot, extrinsicsRoot: extrinsicsRoot(extrinsics), seal: ZERO_SIGNATURE };
    this.decided = { block: { header, extrinsics }, execution, included };
    return header;
  }

  /** Makes the staged decided block durable and announces it (final at once: the engine decided it). */
  commitDecided(): Promise<ImportedBlock> {
    return this.mutex.run(async () => {
      const decided = this.decided;
      if (decided === undefined) throw new PhalanxError('INTERNAL', 'no decided block is staged');
      this.decided = undefined;
      const { changes, events } = decided.execution;
      return this.commit(decided.block, changes, events, decided.included);
    });
  }

  /** Drops a staged decided block (the engine will replay it). */
  abortDecided(): void {
    if (this.decided === undefined) return;
    this.decided = undefined;
    this.state.abort();
  }

  /** The limits production keeps to: an authority must not be able to force larger blocks on importers. */
  private checkBlockSize(block: Block): void {
    const { number } = block.header;
    if (block.extrinsics.length > BLOCK_LIMITS.maxExtrinsics)
      throw new PhalanxError('BLOCK_INVALID', `block ${number} has too many extrinsics`);
    const bytes = block.extrinsics.reduce((total, extrinsic) => total + extrinsic.length, 0);
    if (bytes > BLOCK_LIMITS.maxBlockBytes) {
      throw new PhalanxError(
        'BLOCK_INVALID',
        `block ${number}'s extrinsics take ${bytes} bytes, more than ${BLOCK_LIMITS.maxBlockBytes}`,
      );
    }
  }

  private async commit(
    block: Block,
    changes: StoredBlock['changes'],
    events: EventRecord[],
    included: readonly CheckedExtrinsic[],
  ): Promise<ImportedBlock> {
    const hash = headerHash(block.header);
    const finalized = this.consensus.isFinalOnImport(block.header);
    try {
      await this.db.commitBlock({ hash, block, changes, events }, { finalized });
      // Synced before anyone hears of the block: a finalized block that was announced survives
      // power loss, and a store that lost it anyway is refused on restart (the mark).
      if (finalized) await this.db.markFinalized({ number: block.header.number, hash });
    } catch (cause) {
      this.state.abort();
      // The store may hold this block already (a failed sync, or the mark): building on the parent
      // again would fork it. The chain takes no more blocks; a restart reopens the store as it is.
      this.storeFailure = new PhalanxError('STORE', `cannot write block ${block.header.number}: the node stops taking blocks`, {
        cause,
      });
      throw this.storeFailure;
    }
    this.state.commit();
    this.state.compactEvery(this.compactionInterval);
    this.best = { header: block.header, hash };
    if (finalized) this.finalized = { header: block.header, hash };
    const imported: ImportedBlock = { hash, block, header: block.header, changes, events, finalized };
    this.pool.onBlock(
      this.state.flat,
      hash,
      included.map((checked) => checked.hash),
    );
    if (finalized) for (const checked of included) this.pool.notify(checked.hash, { kind: 'finalized', block: hash });
    this.newHeads.emit(imported);
    if (finalized) this.finalizedHeads.emit(imported);
    return imported;
  }

  /** The header of `hash`, or of the block at `number`; undefined if unknown. */
  async header(at?: Uint8Array | number): Promise<{ header: Header; hash: Uint8Array } | undefined> {
    const hash = at === undefined ? this.best.hash : typeof at === 'number' ? await this.db.hashAt(at) : at;
    // Every number up to the best block is in the index: one that is not there is damage, not absence.
    const canonical = typeof at === 'number' && at <= this.best.header.number;
    if (hash === undefined) {
      if (canonical) throw this.db.damaged(`block ${at} is missing from its number index`);
      return undefined;
    }
    const header = Buffer.compare(hash, this.best.hash) === 0 ? this.best.header : await this.db.header(hash);
    if (canonical && header?.number !== at) throw this.db.damaged(`its index entry for block ${at} names no such block`);
    return header === undefined ? undefined : { header, hash };
  }

  /** A state view at block `hash` (best if omitted); NOT_FOUND when unknown or pruned. */
  async stateAt(hash?: Uint8Array) {
    const found = await this.header(hash);
    if (found === undefined) throw new PhalanxError('NOT_FOUND', 'unknown block hash');
    const view = this.state.at(found.header.stateRoot);
    if (view === undefined)
      throw new PhalanxError('NOT_FOUND', `the state of block ${found.header.number} is no longer held (pruned)`);
    return { ...view, header: found.header, hash: found.hash };
  }

  nextNonce(account: Uint8Array): number {
    return this.pool.nextNonce(this.state.flat, account);
  }

  /** System.Events of the best state, decoded (handy for tools and tests). */
  bestEvents(): EventRecord[] {
    return System.Events.getOr(this.state.flat, []);
  }
}
