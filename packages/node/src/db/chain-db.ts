import { PhalanxError } from '@phalanx/errors';
import { type Block, Header } from '@phalanx/primitives';
import type { EventRecord, StateChange } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import { ClassicLevel } from 'classic-level';
import { StoredBody, StoredChanges, StoredEvents } from './codecs.js';

/**
 * The node's LevelDB store. Columns are one-byte key prefixes:
 *   h+hash → header · b+hash → body · n+number(be) → canonical hash · c+hash → state changes
 *   e+hash → events · s+key → flat state of the best block · m+name → metadata
 * Everything about one block is written in ONE atomic batch, so a crash (kill -9) leaves either
 * the whole block or none of it, and the best pointer never names a block that is not there.
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

export interface StoredBlock {
  readonly hash: Uint8Array;
  readonly block: Block;
  readonly changes: readonly StateChange[];
  readonly events: readonly EventRecord[];
}

export class ChainDb {
  private readonly db: ClassicLevel<Buffer, Buffer>;

  private constructor(db: ClassicLevel<Buffer, Buffer>) {
    this.db = db;
  }

  static async open(path: string): Promise<ChainDb> {
    const db = new ClassicLevel<Buffer, Buffer>(path, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    try {
      await db.open();
    } catch (cause) {
      const locked =
        String((cause as { cause?: { code?: string } })?.cause?.code ?? '').includes('LOCK') || /lock/i.test(String(cause));
      throw new PhalanxError(
        'STORE',
        locked ? `the chain database at ${path} is in use by another process` : `cannot open the chain database at ${path}`,
        { cause },
      );
    }
    const store = new ChainDb(db);
    const schema = await store.getMeta(META_SCHEMA);
    if (schema !== undefined && schema.toString() !== SCHEMA_VERSION) {
      await db.close();
      throw new PhalanxError('STORE', `database schema ${schema.toString()} is not the supported ${SCHEMA_VERSION}`);
    }
    return store;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async getMeta(name: string): Promise<Buffer | undefined> {
    return (await this.db.get(metaKey(name))) ?? undefined;
  }

  /** A stored hash as a plain Uint8Array (LevelDB hands out Buffers; headers and pointers must not carry them). */
  private async getHash(name: string): Promise<Uint8Array | undefined> {
    const raw = await this.getMeta(name);
    return raw === undefined ? undefined : new Uint8Array(raw);
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

  async header(hash: Uint8Array): Promise<Header | undefined> {
    const raw = await this.db.get(key(COLUMN.header, hash));
    return raw === undefined ? undefined : decode(Header, raw);
  }

  async body(hash: Uint8Array): Promise<Uint8Array[] | undefined> {
    const raw = await this.db.get(key(COLUMN.body, hash));
    return raw === undefined ? undefined : decode(StoredBody, raw);
  }

  async changes(hash: Uint8Array): Promise<StateChange[] | undefined> {
    const raw = await this.db.get(key(COLUMN.changes, hash));
    return raw === undefined ? undefined : decode(StoredChanges, raw);
  }

  async events(hash: Uint8Array): Promise<EventRecord[] | undefined> {
    const raw = await this.db.get(key(COLUMN.events, hash));
    return raw === undefined ? undefined : decode(StoredEvents, raw);
  }

  async hashAt(number: number): Promise<Uint8Array | undefined> {
    const raw = await this.db.get(numberKey(number));
    return raw === undefined ? undefined : new Uint8Array(raw);
  }

  /** The flat state of the best block, in key order (used to rebuild the trie on start). */
  async *state(): AsyncGenerator<[Uint8Array, Uint8Array]> {
    for await (const [k, v] of this.db.iterator({ gte: Buffer.of(COLUMN.state), lt: Buffer.of(COLUMN.state + 1) })) {
      yield [new Uint8Array(k.subarray(1)), new Uint8Array(v)];
    }
  }

  /**
   * Writes a block, its changes and events, applies the changes to the flat state and moves the
   * best (and finalized) pointers — all in one atomic batch. `genesis` also records the genesis hash.
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
    await batch.write();
  }

  /** Bytes the store occupies on disk (approximate, from LevelDB). */
  async approximateSize(): Promise<number> {
    return this.db.approximateSize(Buffer.of(0), Buffer.of(0xff));
  }
}
