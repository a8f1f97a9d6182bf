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

const ENTRY_AD = utf8('phalanx/contract-entry/v1');
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

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
 * derived from the entry key and the write position, so replicas hold byte-identical ciphertext.
 *
 * `encrypt: false` is a bench-only switch (it measures the cost of confidentiality); nothing in
 * the enclave API can set it.
 */
export class ContractState {
  /** Hidden name (hex) → IV ‖ ciphertext ‖ tag (or the plain value when not encrypting). */
  private readonly entries = new Map<string, Uint8Array>();
  /**
   * Entries changed since the last commit the chain recorded (hidden name hex → value or deleted,
   * and the write position). Cleared by what the chain records, not by what this replica sent, so
   * every replica — and a worker rebuilt from the chain — holds the same set at every block.
   */
  private readonly dirty = new Map<string, { value: Uint8Array | undefined; position: bigint }>();
  private readonly names = new Map<string, { hidden: Uint8Array; id: string; key: Uint8Array }>();

  constructor(
    private readonly keys: StorageKeys,
    private readonly encrypt = true,
  ) {}

  private entry(name: string) {
    let found = this.names.get(name);
    if (found === undefined) {
      const raw = utf8(name);
      if (raw.length > CONTRACT_LIMITS.keyBytes) {
        throw new PhalanxError('INVALID_INPUT', `storage keys are at most ${CONTRACT_LIMITS.keyBytes} bytes of UTF-8`);
      }
      const hidden = this.encrypt ? storageEntryName(this.keys.storageNameKey, raw) : blake2_256(raw);
      found = { hidden, id: hexOf(hidden), key: this.encrypt ? storageEntryKey(this.keys.storageKey, raw) : new Uint8Array(32) };
      if (this.names.size >= 65_536) this.names.clear();
      this.names.set(name, found);
    }
    return found;
  }

  get(name: string): string | undefined {
    const { hidden, id, key } = this.entry(name);
    const stored = this.entries.get(id);
    if (stored === undefined) return undefined;
    if (!this.encrypt) return Buffer.from(stored).toString('utf8');
    const plain = aesGcmDecrypt(
      key,
      stored.subarray(0, 12),
      stored.subarray(12),
      concatBytes(ENTRY_AD, this.keys.contract, hidden),
    );
    return Buffer.from(plain).toString('utf8');
  }

  has(name: string): boolean {
    return this.entries.has(this.entry(name).id);
  }

  /** Applies one call's writes (`undefined` deletes) at write position `position` (unique per call). */
  apply(writes: ReadonlyMap<string, string | undefined>, position: bigint): void {
    for (const [name, value] of writes) {
      const { hidden, id, key } = this.entry(name);
      if (value === undefined) {
        if (this.entries.delete(id) || this.dirty.has(id)) this.dirty.set(id, { value: undefined, position });
        continue;
      }
      const plain = utf8(value);
      let stored: Uint8Array;
      if (this.encrypt) {
        const iv = deriveIv(derive(key, 'iv'), position, 0);
        stored = concatBytes(iv, aesGcmEncrypt(key, iv, plain, concatBytes(ENTRY_AD, this.keys.contract, hidden)));
      } else {
        stored = plain;
      }
      this.entries.set(id, stored);
      this.dirty.set(id, { value: stored, position });
    }
  }

  /** Whether anything changed since the last recorded commit. */
  get changed(): boolean {
    return this.dirty.size > 0;
  }

  /** The chain recorded a commit covering `commandSequence` commands: forget the writes it covers (positions ≤ it). */
  pruneCommitted(commandSequence: bigint): void {
    for (const [id, { position }] of this.dirty) if (position <= commandSequence) this.dirty.delete(id);
  }

  /** The commit of everything changed since the recorded commit `previous`, sorted by hidden name. */
  commit(previous: Uint8Array, block: number, commandSequence: bigint): { changes: StateEntryChange[]; digest: Uint8Array } {
    const changes: StateEntryChange[] = [...this.dirty]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, { value }]) => [new Uint8Array(Buffer.from(id, 'hex')), value] as const);
    return { changes, digest: stateDigest(previous, block, commandSequence, changes) };
  }

  /** Everything, for sealing into a checkpoint (ciphertext entries and the uncommitted writes). */
  export(): { entries: [Uint8Array, Uint8Array][]; dirty: [Uint8Array, Uint8Array | undefined, bigint][] } {
    const bytes = (id: string) => new Uint8Array(Buffer.from(id, 'hex'));
    return {
      entries: [...this.entries].map(([id, value]) => [bytes(id), value]),
      dirty: [...this.dirty].map(([id, { value, position }]) => [bytes(id), value, position]),
    };
  }

  /** Restores from a checkpoint, or from the chain's committed entries (then `dirty` is empty). */
  load(
    entries: Iterable<readonly [Uint8Array, Uint8Array]>,
    dirty: Iterable<readonly [Uint8Array, Uint8Array | undefined, bigint]>,
  ): void {
    this.entries.clear();
    this.dirty.clear();
    for (const [id, value] of entries) this.entries.set(hexOf(id), value);
    for (const [id, value, position] of dirty) this.dirty.set(hexOf(id), { value, position });
  }

  get size(): number {
    return this.entries.size;
  }
}
