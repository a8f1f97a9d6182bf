/**
 * A contract's local cache (Phala's pink `cache_*`): bytes by key in enclave memory, per contract,
 * never replicated, committed or checkpointed — a worker restart empties it, and two workers hold
 * different caches. Commands may write it (nothing a command reads depends on it: `cache_get` in a
 * command is always empty), queries read and write it. Expiry follows the chain's block time.
 */
export const CACHE_LIMITS = {
  /** Bytes of keys and values one contract's cache holds (Phala shares 20 MB by stake; this is per contract). */
  bytes: 1024 * 1024,
  entries: 4096,
  keyBytes: 2048,
  valueBytes: 64 * 1024,
  /** Phala's default expiration: 7 days. */
  defaultExpireSeconds: 7 * 24 * 3600,
} as const;

interface Entry {
  readonly value: Uint8Array;
  expiresAt: number;
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export class ContractCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  /** `false` when the value does not fit (Phala's StorageQuotaExceeded). */
  set(key: Uint8Array, value: Uint8Array, now: number): boolean {
    if (key.length > CACHE_LIMITS.keyBytes || value.length > CACHE_LIMITS.valueBytes) return false;
    const id = hexOf(key);
    this.delete(id);
    if (this.bytes + key.length + value.length > CACHE_LIMITS.bytes || this.entries.size >= CACHE_LIMITS.entries) {
      this.expire(now);
      if (this.bytes + key.length + value.length > CACHE_LIMITS.bytes || this.entries.size >= CACHE_LIMITS.entries) return false;
    }
    this.entries.set(id, { value: value.slice(), expiresAt: now + CACHE_LIMITS.defaultExpireSeconds * 1000 });
    this.bytes += key.length + value.length;
    return true;
  }

  setExpiration(key: Uint8Array, seconds: bigint, now: number): void {
    const entry = this.entries.get(hexOf(key));
    if (entry !== undefined) entry.expiresAt = now + Number(seconds > 1n << 40n ? 1n << 40n : seconds) * 1000;
  }

  get(key: Uint8Array, now: number): Uint8Array | undefined {
    const id = hexOf(key);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.delete(id);
      return undefined;
    }
    return entry.value.slice();
  }

  remove(key: Uint8Array, now: number): Uint8Array | undefined {
    const value = this.get(key, now);
    this.delete(hexOf(key));
    return value;
  }

  private delete(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    this.bytes -= id.length / 2 + entry.value.length;
    this.entries.delete(id);
  }

  private expire(now: number): void {
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.delete(id);
  }
}
