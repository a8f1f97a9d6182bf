import { PhalanxError } from '@phalanx/errors';
import { type CheckedExtrinsic, readAccount, type StateReader, validateTransaction } from '@phalanx/runtime';
import { DEFAULT_POOL_LIMITS, type PoolLimits, type PoolTx, type TxStatus } from './types.js';

const idOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

type Listener = (status: TxStatus) => void;

/**
 * The transaction pool. Every transaction is fully validated before admission (signature by the
 * caller, then nonce and fee against the best state here). Per account, transactions are kept by
 * nonce: those contiguous from the account's next nonce are *ready*, the rest *future*. After each
 * block the pool drops what was included or became invalid, and promotes what became ready.
 */
export class TxPool {
  private readonly limits: PoolLimits;
  private readonly byId = new Map<string, PoolTx>();
  /** account id (hex) → nonce → tx */
  private readonly byAccount = new Map<string, Map<number, PoolTx>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private arrivals = 0;

  constructor(limits: Partial<PoolLimits> = {}) {
    this.limits = { ...DEFAULT_POOL_LIMITS, ...limits };
  }

  get size(): number {
    return this.byId.size;
  }

  has(hash: Uint8Array): boolean {
    return this.byId.has(idOf(hash));
  }

  /** The checked (decoded, signature-verified) form of a transaction the pool holds. */
  checked(hash: Uint8Array): CheckedExtrinsic | undefined {
    return this.byId.get(idOf(hash))?.checked;
  }

  /** Admits a signature-checked transaction; throws a TX_* error if it is not acceptable. */
  submit(state: StateReader, checked: CheckedExtrinsic): 'ready' | 'future' {
    const id = idOf(checked.hash);
    if (this.byId.has(id)) throw new PhalanxError('TX_DUPLICATE', 'this transaction is already in the pool');
    const validity = validateTransaction(state, checked);
    if (validity.nonce > validity.accountNonce + this.limits.maxNonceGap) {
      throw new PhalanxError(
        'TX_FUTURE',
        `nonce ${validity.nonce} is more than ${this.limits.maxNonceGap} ahead of the account's ${validity.accountNonce}`,
      );
    }
    const account = idOf(checked.signer);
    const queue = this.byAccount.get(account) ?? new Map<number, PoolTx>();
    const existing = queue.get(validity.nonce);
    if (existing !== undefined && existing.priority >= validity.priority) {
      throw new PhalanxError(
        'TX_DUPLICATE',
        `a transaction with nonce ${validity.nonce} from this account is already waiting (raise the tip to replace it)`,
      );
    }
    if (existing === undefined && queue.size >= this.limits.maxPerAccount) {
      throw new PhalanxError('TX_POOL_FULL', `this account already has ${queue.size} transactions waiting`);
    }
    if (existing === undefined && this.byId.size >= this.limits.maxTotal && !this.evictFor(validity.priority)) {
      throw new PhalanxError('TX_POOL_FULL', 'the transaction pool is full; retry later or raise the tip');
    }
    const tx: PoolTx = { checked, id, nonce: validity.nonce, priority: validity.priority, arrival: this.arrivals++ };
    if (existing !== undefined) this.remove(existing, { kind: 'dropped', reason: 'replaced by a transaction with a higher tip' });
    queue.set(tx.nonce, tx);
    this.byAccount.set(account, queue);
    this.byId.set(id, tx);
    const status = this.isReady(tx, validity.accountNonce) ? 'ready' : 'future';
    return status;
  }

  watch(hash: Uint8Array, listener: Listener): () => void {
    const id = idOf(hash);
    const set = this.listeners.get(id) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  notify(hash: Uint8Array, status: TxStatus): void {
    const id = idOf(hash);
    for (const listener of this.listeners.get(id) ?? []) listener(status);
    if (status.kind === 'finalized' || status.kind === 'dropped' || status.kind === 'invalid') this.listeners.delete(id);
  }

  /**
   * Ready transactions in block order: per account by nonce from its next nonce; across accounts
   * the highest tip first, then the earliest arrival.
   */
  *ready(state: StateReader): Generator<PoolTx> {
    const heads: { queue: Map<number, PoolTx>; next: number; tx: PoolTx }[] = [];
    for (const queue of this.byAccount.values()) {
      const first = queue.values().next().value as PoolTx;
      const nonce = readAccount(state, first.checked.signer).nonce;
      const tx = queue.get(nonce);
      if (tx !== undefined) heads.push({ queue, next: nonce, tx });
    }
    const heap = new Heap(heads, (a, b) =>
      a.tx.priority !== b.tx.priority ? a.tx.priority > b.tx.priority : a.tx.arrival < b.tx.arrival,
    );
    for (let head = heap.pop(); head !== undefined; head = heap.pop()) {
      yield head.tx;
      const following = head.queue.get(head.next + 1);
      if (following !== undefined) heap.push({ queue: head.queue, next: head.next + 1, tx: following });
    }
  }

  /** After a block: drop included and now-invalid transactions, report the rest's status. */
  onBlock(state: StateReader, blockHash: Uint8Array, included: readonly Uint8Array[]): void {
    for (const hash of included) {
      const tx = this.byId.get(idOf(hash));
      if (tx !== undefined) this.remove(tx);
      this.notify(hash, { kind: 'inBlock', block: blockHash });
    }
    for (const [account, queue] of this.byAccount) {
      const first = queue.values().next().value as PoolTx | undefined;
      if (first === undefined) {
        this.byAccount.delete(account);
        continue;
      }
      const next = readAccount(state, first.checked.signer).nonce;
      for (const tx of [...queue.values()]) {
        if (tx.nonce < next) this.remove(tx, { kind: 'invalid', reason: 'nonce already used' });
      }
      const head = queue.get(next);
      if (head !== undefined) {
        try {
          validateTransaction(state, head.checked);
        } catch (error) {
          this.remove(head, { kind: 'invalid', reason: error instanceof Error ? error.message : 'invalid' });
        }
      }
    }
  }

  /** Removes a transaction that could not be included (e.g. failed at block building). */
  reject(hash: Uint8Array, reason: string): void {
    const tx = this.byId.get(idOf(hash));
    if (tx !== undefined) this.remove(tx, { kind: 'invalid', reason });
  }

  /** Pending nonce of an account: its state nonce plus its contiguous ready transactions. */
  nextNonce(state: StateReader, account: Uint8Array): number {
    let nonce = readAccount(state, account).nonce;
    const queue = this.byAccount.get(idOf(account));
    while (queue?.has(nonce)) nonce++;
    return nonce;
  }

  private isReady(tx: PoolTx, accountNonce: number): boolean {
    const queue = this.byAccount.get(idOf(tx.checked.signer));
    for (let n = accountNonce; n < tx.nonce; n++) if (!queue?.has(n)) return false;
    return true;
  }

  private remove(tx: PoolTx, status?: TxStatus): void {
    this.byId.delete(tx.id);
    const account = idOf(tx.checked.signer);
    const queue = this.byAccount.get(account);
    queue?.delete(tx.nonce);
    if (queue?.size === 0) this.byAccount.delete(account);
    if (status !== undefined) this.notify(tx.checked.hash, status);
  }

  /** Makes room by evicting the lowest-priority, newest future-most transaction, if it ranks below `priority`. */
  private evictFor(priority: bigint): boolean {
    let victim: PoolTx | undefined;
    for (const tx of this.byId.values()) {
      if (victim === undefined || tx.priority < victim.priority || (tx.priority === victim.priority && tx.nonce > victim.nonce))
        victim = tx;
    }
    if (victim === undefined || victim.priority >= priority) return false;
    this.remove(victim, { kind: 'dropped', reason: 'evicted: the pool is full' });
    return true;
  }
}

/** A small binary heap (`before(a, b)` true when a comes first). */
class Heap<T> {
  private readonly items: T[];
  private readonly before: (a: T, b: T) => boolean;

  constructor(items: T[], before: (a: T, b: T) => boolean) {
    this.items = [];
    this.before = before;
    for (const item of items) this.push(item);
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i] as T, items[parent] as T)) break;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && this.before(items[l] as T, items[best] as T)) best = l;
        if (r < items.length && this.before(items[r] as T, items[best] as T)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best] as T, items[i] as T];
        i = best;
      }
    }
    return top;
  }
}
