import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  blake2_256,
  concatBytes,
  derive,
  deriveIv,
  storageEntryKey,
  storageEntryName,
  utf8,
} from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { type StateEntryChange, stateDigest } from '@phalanx/runtime';
import { CONTRACT_LIMITS } from './limits.js';
import { COMMIT_BUDGET, COMMIT_CAPACITY, COMMIT_ENTRY_OVERHEAD, exceeds, SEAL_BYTES } from './state-budget.js';
import { EXTERNAL, valueTag } from './state-position.js';

const ENTRY_AD = utf8('phalanx/contract-entry/v1');
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/**
 * The first byte of a byte-level entry's name (RawStorage: ink! keys). UTF-8 never contains 0xFF,
 * so no JSON key names the same entry.
 */
const RAW_NAME = 0xff;

/** A call's byte-level writes, by hex key (`undefined`: removed). */
export type RawWrites = ReadonlyMap<string, { readonly key: Uint8Array; readonly value: Uint8Array | undefined }>;
type Name = string | Uint8Array;
type Value = string | Uint8Array | undefined;
const sizeOf = (value: Value) => (value === undefined ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length);

/** The keys of a contract's storage (from its ContractKey, crypto/hierarchy). */
export interface StorageKeys {
  readonly contract: Uint8Array;
  readonly storageKey: Uint8Array;
  readonly storageNameKey: Uint8Array;
}

/**
 * A contract's state, encrypted entry by entry (spec 002 "confidential storage model"): each value
 * under its own key derive(StorageKey, "kv", name), its name behind a keyed hash, and the contract
 * id and hidden name in the associated data, so entries can be neither read nor swapped. IVs are
 * derived from the entry key and the position of the write, so replicas hold byte-identical
 * ciphertext.
 *
 * Spec 002 "cache mechanism": values a call reads or writes stay in enclave memory in the clear;
 * an entry is encrypted when it leaves the enclave — in a state commit or a checkpoint — once per
 * commit, not once per write. Entries loaded from the chain or a checkpoint stay ciphertext until read.
 *
 * `encrypt: false` is a bench-only switch (it prices confidentiality); nothing in the enclave API sets it.
 */
export class ContractState {
  /** Hidden name (hex) → IV ‖ ciphertext ‖ tag, as last committed or loaded. */
  private readonly sealed = new Map<string, Uint8Array>();
  /** Entries read or written since: hidden name (hex) → the clear value (`undefined`: deleted). */
  private readonly clear = new Map<string, { name: Name; value: Value }>();
  /**
   * Entries written since the last commit the chain recorded, with their write position. Cleared by
   * what the chain records, not by what this replica sent, so every replica — and a worker rebuilt
   * from the chain — holds the same set at every block.
   */
  private readonly dirty = new Map<string, bigint>();
  /** Clear-value bytes of each write in this interval, and their sum with per-entry overhead. */
  private readonly windowSize = new Map<string, number>();
  private windowBytes = 0;
  /** The same for every write since the recorded commit (the `dirty` entries): the next commit's weight. */
  private readonly pendingSize = new Map<string, number>();
  private pendingBytes = 0;
  /**
   * The commit interval whose writes `windowSize` weighs (ceil(block / interval)). Every replica —
   * and a worker rebuilt from a commit, which starts at an interval boundary — counts the same writes.
   */
  windowIndex = 0;
  private readonly names = new Map<string, { hidden: Uint8Array; id: string; key: Uint8Array; ivKey: Uint8Array }>();
  /** The same for byte-level entries, by hex key. */
  private readonly rawNames = new Map<string, { hidden: Uint8Array; id: string; key: Uint8Array; ivKey: Uint8Array }>();

  constructor(
    private readonly keys: StorageKeys,
    private readonly encrypt = true,
  ) {}

  private entry(name: Name) {
    const cache = typeof name === 'string' ? this.names : this.rawNames;
    const cacheKey = typeof name === 'string' ? name : hexOf(name);
    let found = cache.get(cacheKey);
    if (found === undefined) {
      const raw = typeof name === 'string' ? utf8(name) : concatBytes(new Uint8Array([RAW_NAME]), name);
      if (raw.length > CONTRACT_LIMITS.keyBytes) {
        throw new PhalanxError('INVALID_INPUT', `storage keys are at most ${CONTRACT_LIMITS.keyBytes} bytes of UTF-8`);
      }
      const hidden = this.encrypt ? storageEntryName(this.keys.storageNameKey, raw) : blake2_256(raw);
      const key = this.encrypt ? storageEntryKey(this.keys.storageKey, raw) : new Uint8Array(32);
      found = { hidden, id: hexOf(hidden), key, ivKey: this.encrypt ? derive(key, 'iv') : key };
      if (cache.size >= 65_536) cache.clear();
      cache.set(cacheKey, found);
    }
    return found;
  }

  private ad(hidden: Uint8Array): Uint8Array {
    return concatBytes(ENTRY_AD, this.keys.contract, hidden);
  }

  get(name: string): string | undefined {
    return this.read(name, (plain) => Buffer.from(plain).toString('utf8')) as string | undefined;
  }

  /** A byte-level entry (RawStorage), apart from every JSON key. */
  getBytes(key: Uint8Array): Uint8Array | undefined {
    return this.read(key, (plain) => plain) as Uint8Array | undefined;
  }

  private read(name: Name, fromPlain: (plain: Uint8Array) => string | Uint8Array): Value {
    const { hidden, id, key } = this.entry(name);
    const cached = this.clear.get(id);
    if (cached !== undefined) return cached.value;
    const stored = this.sealed.get(id);
    if (stored === undefined) return undefined;
    const plain = this.encrypt ? aesGcmDecrypt(key, stored.subarray(0, 12), stored.subarray(12), this.ad(hidden)) : stored;
    const value = fromPlain(plain);
    this.clear.set(id, { name, value });
    return value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Applies one call's writes (`undefined` deletes) at write position `position` (unique per call). */
  apply(writes: ReadonlyMap<string, string | undefined>, position: bigint, raw?: RawWrites): void {
    for (const [name, value] of writes) this.write(name, value, position);
    if (raw !== undefined) for (const { key, value } of raw.values()) this.write(key, value, position);
  }

  private write(name: Name, value: Value, position: bigint): void {
    const { id } = this.entry(name);
    const absent = () => (typeof name === 'string' ? this.get(name) : this.getBytes(name)) === undefined;
    if (value === undefined && !this.dirty.has(id) && absent()) return;
    this.clear.set(id, { name, value });
    this.markDirty(id, position, sizeOf(value));
  }

  /** The ciphertext of a written entry (deterministic: key and IV from the name and write position). */
  private seal(id: string): Uint8Array | undefined {
    const position = this.dirty.get(id);
    const cached = this.clear.get(id);
    // Not written since the recorded commit: the committed ciphertext is current.
    if (position === undefined || cached === undefined) return this.sealed.get(id);
    if (cached.value === undefined) return undefined;
    const plain = typeof cached.value === 'string' ? utf8(cached.value) : cached.value;
    if (!this.encrypt) return plain;
    const { hidden, key, ivKey } = this.entry(cached.name);
    // The value takes part in the IV: a cross-contract call writes a callee's entry at the position
    // of the callee's next command (see instance.ts), which may write the same entry with another value.
    const iv = deriveIv(ivKey, position, valueTag(plain));
    return concatBytes(iv, aesGcmEncrypt(key, iv, plain, this.ad(hidden)));
  }

  /**
   * Why `writes` cannot be applied without making a commit too big to go on chain, or `undefined`:
   * this interval's writes must fit in half a commit, and everything since the recorded commit in
   * a whole one. Deterministic: it depends only on the writes since the recorded commit, which
   * every replica holds alike.
   */
  overBudget(writes: ReadonlyMap<string, string | undefined>, raw?: RawWrites): string | undefined {
    const ids = [...writes].map(([name, value]) => [this.entry(name).id, sizeOf(value)] as const);
    if (raw !== undefined) for (const { key, value } of raw.values()) ids.push([this.entry(key).id, sizeOf(value)]);
    if (exceeds(this.windowSize, this.windowBytes, ids, COMMIT_BUDGET)) {
      return `the contract changed more state in this commit interval than a commit carries (${COMMIT_BUDGET.entries} entries, ${COMMIT_BUDGET.bytes >> 10} KiB): retry in the next interval`;
    }
    if (exceeds(this.pendingSize, this.pendingBytes, ids, COMMIT_CAPACITY)) {
      return `the state changed since the last commit on chain fills a whole commit (${COMMIT_CAPACITY.entries} entries, ${COMMIT_CAPACITY.bytes >> 10} KiB): retry once the workers' next commit has landed`;
    }
    return undefined;
  }

  /** Tracks what the pending writes will weigh in the next commit. */
  private markDirty(id: string, position: bigint, size: number): void {
    const previous = this.windowSize.get(id);
    this.windowBytes += size - (previous ?? -COMMIT_ENTRY_OVERHEAD);
    this.windowSize.set(id, size);
    this.weighPending(id, size);
    this.dirty.set(id, position);
  }

  private weighPending(id: string, size: number): void {
    const previous = this.pendingSize.get(id);
    this.pendingBytes += size - (previous ?? -COMMIT_ENTRY_OVERHEAD);
    this.pendingSize.set(id, size);
  }

  private unmarkDirty(id: string): void {
    const previous = this.pendingSize.get(id);
    if (previous !== undefined) this.pendingBytes -= previous + COMMIT_ENTRY_OVERHEAD;
    this.pendingSize.delete(id);
    this.dirty.delete(id);
  }

  /** Enters commit interval `index`: the budget starts empty at each interval. */
  startWindow(index: number): void {
    if (index === this.windowIndex) return;
    this.windowIndex = index;
    this.windowSize.clear();
    this.windowBytes = 0;
  }

  /** Whether anything changed since the last recorded commit. */
  get changed(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * The chain recorded a commit covering `commandSequence` commands, made at `block`: forget the
   * writes it covers — the contract's own (positions ≤ the sequence) and those other contracts'
   * calls made (`externalPosition`) at or before its block.
   */
  pruneCommitted(commandSequence: bigint, block = -1): void {
    for (const [id, position] of this.dirty) {
      const covered = position >= EXTERNAL ? position - EXTERNAL <= BigInt(block) : position <= commandSequence;
      if (covered) this.unmarkDirty(id);
    }
  }

  /** The commit of everything changed since the recorded commit `previous`, sorted by hidden name. */
  commit(previous: Uint8Array, block: number, commandSequence: bigint): { changes: StateEntryChange[]; digest: Uint8Array } {
    const changes: StateEntryChange[] = [...this.dirty]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id]) => {
        const value = this.seal(id);
        if (value === undefined) this.sealed.delete(id);
        else this.sealed.set(id, value);
        return [new Uint8Array(Buffer.from(id, 'hex')), value] as const;
      });
    return { changes, digest: stateDigest(previous, block, commandSequence, changes) };
  }

  /** Everything, for sealing into a checkpoint: every entry as ciphertext, and the pending writes. */
  export(): {
    entries: [Uint8Array, Uint8Array][];
    dirty: [Uint8Array, Uint8Array | undefined, bigint][];
    window: { index: number; sizes: [Uint8Array, number][] };
  } {
    const bytes = (id: string) => new Uint8Array(Buffer.from(id, 'hex'));
    const entries: [Uint8Array, Uint8Array][] = [];
    for (const id of new Set([...this.sealed.keys(), ...this.clear.keys()])) {
      const value = this.seal(id);
      if (value !== undefined) entries.push([bytes(id), value]);
    }
    const dirty: [Uint8Array, Uint8Array | undefined, bigint][] = [...this.dirty].map(([id, position]) => [
      bytes(id),
      this.seal(id),
      position,
    ]);
    const window = {
      index: this.windowIndex,
      sizes: [...this.windowSize].map(([id, size]) => [bytes(id), size] as [Uint8Array, number]),
    };
    return { entries, dirty, window };
  }

  /** Restores from a checkpoint, or from the chain's committed entries (then `dirty` is empty). */
  load(
    entries: Iterable<readonly [Uint8Array, Uint8Array]>,
    dirty: Iterable<readonly [Uint8Array, Uint8Array | undefined, bigint]>,
    window: { index: number; sizes: Iterable<readonly [Uint8Array, number]> } = { index: 0, sizes: [] },
  ): void {
    this.sealed.clear();
    this.clear.clear();
    this.dirty.clear();
    this.pendingSize.clear();
    this.pendingBytes = 0;
    for (const [id, value] of entries) this.sealed.set(hexOf(id), value);
    for (const [id, value, position] of dirty) {
      const key = hexOf(id);
      if (value === undefined) this.sealed.delete(key);
      this.dirty.set(key, position);
      // The clear value's size, as a live replica counted it when the write was applied.
      this.weighPending(key, value === undefined ? 0 : value.length - (this.encrypt ? SEAL_BYTES : 0));
    }
    this.windowIndex = window.index;
    this.windowSize.clear();
    this.windowBytes = 0;
    for (const [id, size] of window.sizes) {
      this.windowSize.set(hexOf(id), size);
      this.windowBytes += size + COMMIT_ENTRY_OVERHEAD;
    }
  }
}
