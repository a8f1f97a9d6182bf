import { blake2_256, toHex } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { type Block, Header } from '@phalanx/primitives';
import type { EventRecord, StateChange } from '@phalanx/runtime';
import { type Codec, decode, encode } from '@phalanx/scale';
import { ClassicLevel } from 'classic-level';
import { StoredBody, StoredChanges, StoredEvents } from './codecs.js';
import { FinalizedMark, type FinalizedPoint } from './finalized-mark.js';

/**
 * The node's LevelDB store. Columns are one-byte key prefixes:
 *   h+hash → header · b+hash → body · n+number(be) → canonical hash · c+hash → state changes
 *   e+hash → events · s+key → flat state of the best block · m+name → metadata
 * Everything about one block is written in ONE atomic batch, so a crash (kill -9) leaves either
 * the whole block or none of it, and the best pointer never names a block that is not there. A
 * batch that finalizes is synced to disk (fsync) and then recorded in the finalized mark, before
 * the chain announces the block: what was announced as finalized survives power loss, and a store
 * that lost it anyway (a damaged write-ahead log) is refused on open. Damage LevelDB or a decoder
 * notices is a STORE error naming the directory and what to do.
 */
const COLUMN = { header: 0x68, body: 0x62, number: 0x6e, changes: 0x63, events: 0x65, state: 0x73, meta: 0x6d } as const;
const META_BEST = 'best';
const META_FINALIZED = 'finalized';
const META_GENESIS = 'genesis';
const META_SCHEMA = 'schema';
const SCHEMA_VERSION = '1';

const key = (column: number, suffix: Uint8Array): Buffer => Buffer.concat([Buffer.of(column), suffix]);
const numberKey = (n: number): Buffer => {
  const out = Buffer.alloc(5);
  out[0] = COLUMN.number;
  out.writeUInt32BE(n, 1);
  return out;
};
const metaKey = (name: string): Buffer => key(COLUMN.meta, Buffer.from(name));

/** What an operator can do about a damaged store; said with every error about one. */
const REMEDY =
  'restore the data directory from a backup, or start this node over (a new --data-dir, or phalanx devnet --reset); workers that followed this chain must start over too';

/** The LevelDB error code behind an error of classic-level (`LEVEL_CORRUPTION`, `LEVEL_LOCKED`, …). */
function levelCode(error: unknown): string {
  const outer = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const inner = outer?.cause?.code;
  return String(typeof inner === 'string' ? inner : (outer?.code ?? ''));
}

/** LevelDB's own message behind an error of classic-level (the innermost one). */
function levelMessage(error: unknown): string {
  const outer = error as { message?: unknown; cause?: { message?: unknown } } | undefined;
  return String(outer?.cause?.message ?? outer?.message ?? '');
}

export interface StoredBlock {
  readonly hash: Uint8Array;
  readonly block: Block;
  readonly changes: readonly StateChange[];
  readonly events: readonly EventRecord[];
}

export class ChainDb {
  /** The database directory (named in every STORE error). */
  readonly location: string;
  private readonly db: ClassicLevel<Buffer, Buffer>;
  private readonly mark: FinalizedMark;
  private readonly durable: boolean;

  private constructor(db: ClassicLevel<Buffer, Buffer>, location: string, mark: FinalizedMark, durable: boolean) {
    this.db = db;
    this.location = location;
    this.mark = mark;
    this.durable = durable;
  }

  /**
   * Opens (or creates) the store at `path`; refuses one in use, damaged, of another schema, or
   * behind its finalized mark. `durable: false` skips the syncs (what was announced can be lost on
   * power loss): only for benchmarks that measure what the syncs cost.
   */
  static async open(path: string, options: { durable?: boolean } = {}): Promise<ChainDb> {
    const db = new ClassicLevel<Buffer, Buffer>(path, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    try {
      await db.open();
    } catch (cause) {
      const code = levelCode(cause);
      if (code === 'LEVEL_LOCKED')
        throw new PhalanxError('STORE', `the chain database at ${path} is in use by another process`, { cause });
      if (code === 'LEVEL_CORRUPTION') throw damaged(path, 'LevelDB cannot read its own files', cause);
      throw new PhalanxError('STORE', `cannot open the chain database at ${path}`, { cause });
    }
    let mark: FinalizedMark | undefined;
    try {
      mark = await FinalizedMark.open(path).catch((cause: unknown) => {
        throw new PhalanxError('STORE', `cannot open the finalized mark in ${path}`, { cause });
      });
      const store = new ChainDb(db, path, mark, options.durable ?? true);
      const schema = await store.getMeta(META_SCHEMA);
      if (schema !== undefined && schema.toString() !== SCHEMA_VERSION) {
        throw new PhalanxError('STORE', `database schema ${schema.toString()} is not the supported ${SCHEMA_VERSION}`);
      }
      await store.checkFinalized();
      return store;
    } catch (error) {
      // Refused: release the lock and the mark, so a retry (or another tool) can open the directory.
      await mark?.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.mark.close().catch(() => undefined);
    await this.db.close();
  }

  /** A STORE error saying this store is damaged (`what` says how it shows) and what to do. */
  damaged(what: string, cause?: unknown): PhalanxError {
    return damaged(this.location, what, cause);
  }

  /**
   * The finalized block recorded in the mark must be in the store, at its number: LevelDB opens a
   * store whose log lost its tail at an older block without a word, and a node building on that
   * would fork the chain its workers already verified. A store from before the mark existed gets one.
   */
  private async checkFinalized(): Promise<void> {
    const marked = this.mark.point;
    const finalizedHash = await this.finalizedHash();
    const finalized = finalizedHash === undefined ? undefined : await this.header(finalizedHash);
    if (marked === undefined) {
      if (finalizedHash !== undefined && finalized !== undefined)
        await this.mark.write({ number: finalized.number, hash: finalizedHash });
      return;
    }
    if (finalized === undefined || finalized.number < marked.number) {
      const holds =
        finalized === undefined ? 'it has lost its finalized block' : `it is finalized up to block ${finalized.number}`;
      throw this.damaged(
        `${holds}, but block ${marked.number} (${toHex(marked.hash)}) was finalized and announced: ` +
          'its write-ahead log (the newest *.log) lost writes that had been synced, e.g. a disk that does not honour flushes',
      );
    }
    const atMark = await this.hashAt(marked.number);
    if (atMark === undefined || Buffer.compare(atMark, marked.hash) !== 0) {
      throw this.damaged(`its block ${marked.number} is not the finalized ${toHex(marked.hash)}`);
    }
  }

  private async get(k: Buffer, what: string): Promise<Buffer | undefined> {
    try {
      return (await this.db.get(k)) ?? undefined;
    } catch (cause) {
      throw this.readError(what, cause);
    }
  }

  private readError(what: string, cause: unknown): PhalanxError {
    if (isPhalanxError(cause)) return cause;
    if (levelCode(cause) === 'LEVEL_CORRUPTION') return this.damaged(`LevelDB cannot read ${what}`, cause);
    return new PhalanxError('STORE', `cannot read ${what} from the chain database at ${this.location}`, { cause });
  }

  private decodeStored<T>(codec: Codec<T>, raw: Uint8Array, what: string): T {
    try {
      return decode(codec, raw);
    } catch (cause) {
      throw this.damaged(`${what} does not decode`, cause);
    }
  }

  private async getMeta(name: string): Promise<Buffer | undefined> {
    return this.get(metaKey(name), `its ${name} pointer`);
  }

  /** A stored hash as a plain Uint8Array (LevelDB hands out Buffers; headers and pointers must not carry them). */
  private async getHash(name: string): Promise<Uint8Array | undefined> {
    const raw = await this.getMeta(name);
    if (raw === undefined) return undefined;
    if (raw.length !== 32) throw this.damaged(`its ${name} pointer is ${raw.length} bytes, not a hash`);
    return new Uint8Array(raw);
  }

  async genesisHash(): Promise<Uint8Array | undefined> {
    return this.getHash(META_GENESIS);
  }

  async bestHash(): Promise<Uint8Array | undefined> {
    return this.getHash(META_BEST);
  }

  async finalizedHash(): Promise<Uint8Array | undefined> {
    return this.getHash(META_FINALIZED);
  }

  /** The header stored under `hash`; headers are content-addressed, so one that hashes otherwise is damage. */
  async header(hash: Uint8Array): Promise<Header | undefined> {
    const what = `the header of ${toHex(hash)}`;
    const raw = await this.get(key(COLUMN.header, hash), what);
    if (raw === undefined) return undefined;
    if (Buffer.compare(blake2_256(raw), hash) !== 0) throw this.damaged(`${what} does not hash to its key`);
    return this.decodeStored(Header, raw, what);
  }

  async body(hash: Uint8Array): Promise<Uint8Array[] | undefined> {
    const what = `the body of ${toHex(hash)}`;
    const raw = await this.get(key(COLUMN.body, hash), what);
    return raw === undefined ? undefined : this.decodeStored(StoredBody, raw, what);
  }

  async changes(hash: Uint8Array): Promise<StateChange[] | undefined> {
    const what = `the state changes of ${toHex(hash)}`;
    const raw = await this.get(key(COLUMN.changes, hash), what);
    return raw === undefined ? undefined : this.decodeStored(StoredChanges, raw, what);
  }

  async events(hash: Uint8Array): Promise<EventRecord[] | undefined> {
    const what = `the events of ${toHex(hash)}`;
    const raw = await this.get(key(COLUMN.events, hash), what);
    return raw === undefined ? undefined : this.decodeStored(StoredEvents, raw, what);
  }

  async hashAt(number: number): Promise<Uint8Array | undefined> {
    const raw = await this.get(numberKey(number), `the hash of block ${number}`);
    if (raw === undefined) return undefined;
    if (raw.length !== 32) throw this.damaged(`its index entry for block ${number} is not a hash`);
    return new Uint8Array(raw);
  }

  /** The flat state of the best block, in key order (used to rebuild the trie on start). */
  async *state(): AsyncGenerator<[Uint8Array, Uint8Array]> {
    try {
      for await (const [k, v] of this.db.iterator({ gte: Buffer.of(COLUMN.state), lt: Buffer.of(COLUMN.state + 1) })) {
        yield [new Uint8Array(k.subarray(1)), new Uint8Array(v)];
      }
    } catch (cause) {
      throw this.readError('its flat state', cause);
    }
  }

  /**
   * Writes a block, its changes and events, applies the changes to the flat state and moves the
   * best (and finalized) pointers — all in one atomic batch, synced to disk when it finalizes.
   * `genesis` also records the genesis hash. Then call `markFinalized` before announcing the block.
   */
  async commitBlock(stored: StoredBlock, options: { finalized: boolean; genesis?: boolean }): Promise<void> {
    const { hash, block, changes, events } = stored;
    const batch = this.db.batch();
    batch.put(key(COLUMN.header, hash), Buffer.from(encode(Header, block.header)));
    batch.put(key(COLUMN.body, hash), Buffer.from(encode(StoredBody, block.extrinsics)));
    batch.put(numberKey(block.header.number), Buffer.from(hash));
    batch.put(key(COLUMN.changes, hash), Buffer.from(encode(StoredChanges, changes as StateChange[])));
    batch.put(key(COLUMN.events, hash), Buffer.from(encode(StoredEvents, events as EventRecord[])));
    for (const [k, value] of changes) {
      if (value === undefined) batch.del(key(COLUMN.state, k));
      else batch.put(key(COLUMN.state, k), Buffer.from(value));
    }
    batch.put(metaKey(META_BEST), Buffer.from(hash));
    if (options.finalized) batch.put(metaKey(META_FINALIZED), Buffer.from(hash));
    if (options.genesis === true) {
      batch.put(metaKey(META_GENESIS), Buffer.from(hash));
      batch.put(metaKey(META_SCHEMA), Buffer.from(SCHEMA_VERSION));
    }
    // sync: LevelDB fsyncs its log, which holds this batch and every earlier one.
    await batch.write({ sync: options.finalized && this.durable });
  }

  /** Records (synced to disk) that `point`, already committed as finalized, is about to be announced. */
  async markFinalized(point: FinalizedPoint): Promise<void> {
    try {
      await this.mark.write(point, this.durable);
    } catch (cause) {
      throw new PhalanxError('STORE', `cannot sync the finalized mark in ${this.location}`, { cause });
    }
  }

  /** Bytes the store occupies on disk (approximate, from LevelDB). */
  async approximateSize(): Promise<number> {
    return this.db.approximateSize(Buffer.of(0), Buffer.of(0xff));
  }
}

function damaged(path: string, what: string, cause?: unknown): PhalanxError {
  // LevelDB's own words name the file and the damage (e.g. `Corruption: checksum mismatch`).
  const said = levelCode(cause) === 'LEVEL_CORRUPTION' ? ` (${levelMessage(cause)})` : '';
  return new PhalanxError('STORE', `the chain database at ${path} is damaged: ${what}${said}; ${REMEDY}`, { cause });
}
