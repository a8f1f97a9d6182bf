import { PhalanxError } from '@phalanx/errors';
import type { Envelope } from '@phalanx/primitives';
import type { PhalanxClient } from './client.js';

interface Seen {
  readonly contract: string;
  readonly key: string;
  readonly receipt: Envelope;
  readonly block: number;
}

interface Waiter {
  readonly from: number;
  readonly resolve: (found: { receipt: Envelope; block: number }) => void;
}

const RECENT_BLOCKS = 512;
const POLL_MS = 25;
const watchers = new WeakMap<PhalanxClient, ReceiptWatcher>();

/**
 * Watches the chain for contract receipts (`Phat.ContractCalled`) on behalf of every call made
 * through one client: each block's events are fetched once, however many calls wait, and recent
 * receipts are remembered for callers that start waiting late.
 */
export class ReceiptWatcher {
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly recent = new Map<string, Seen>();
  private readonly order: { block: number; id: string }[] = [];
  private scanned: number | undefined;
  private loop: Promise<void> | undefined;

  private constructor(private readonly client: PhalanxClient) {}

  static for(client: PhalanxClient): ReceiptWatcher {
    let watcher = watchers.get(client);
    if (watcher === undefined) {
      watcher = new ReceiptWatcher(client);
      watchers.set(client, watcher);
    }
    return watcher;
  }

  /** The receipt for `contract`'s call `sequence` (`undefined`: the constructor), in block `from` or later. */
  wait(
    contract: Uint8Array,
    sequence: bigint | undefined,
    from: number,
    timeoutMs: number,
  ): Promise<{ receipt: Envelope; block: number }> {
    const id = receiptId(Buffer.from(contract).toString('hex'), sequence === undefined ? 'init' : sequence.toString());
    const known = this.recent.get(id);
    if (known !== undefined && known.block >= from) return Promise.resolve({ receipt: known.receipt, block: known.block });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = (this.waiters.get(id) ?? []).filter((w) => w !== waiter);
        if (list.length === 0) this.waiters.delete(id);
        else this.waiters.set(id, list);
        reject(new PhalanxError('TIMEOUT', `no receipt within ${timeoutMs} ms: are the contract's workers running and synced?`));
      }, timeoutMs);
      const waiter: Waiter = {
        from,
        resolve: (found) => {
          clearTimeout(timer);
          resolve(found);
        },
      };
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), waiter]);
      if (this.scanned === undefined || this.scanned >= from) this.scanned = Math.min(this.scanned ?? from - 1, from - 1);
      this.loop ??= this.run().finally(() => {
        this.loop = undefined;
      });
    });
  }

  private async run(): Promise<void> {
    while (this.waiters.size > 0) {
      const head = (await this.client.header().catch(() => null))?.number ?? 0;
      for (let n = (this.scanned ?? head) + 1; n <= head && this.waiters.size > 0; n++) {
        const hash = await this.client.rpc.request<string | null>('chain_getBlockHash', [n]).catch(() => null);
        if (hash === null) break;
        const { events } = await this.client.blockEvents(hash);
        for (const { event } of events) {
          if (event.tag !== 'Phat' || event.value.tag !== 'ContractCalled') continue;
          const called = event.value.value;
          const key = called.for.tag === 'Init' ? 'init' : called.for.value.toString();
          this.remember({ contract: Buffer.from(called.contract).toString('hex'), key, receipt: called.receipt, block: n });
        }
        this.scanned = n;
      }
      if (this.waiters.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private remember(seen: Seen): void {
    const id = receiptId(seen.contract, seen.key);
    if (this.recent.has(id)) return; // every replica sends the same receipt: keep the first
    this.recent.set(id, seen);
    this.order.push({ block: seen.block, id });
    while (this.order.length > 0 && (this.order[0]?.block ?? 0) < seen.block - RECENT_BLOCKS) {
      this.recent.delete((this.order.shift() as { id: string }).id);
    }
    const waiting = this.waiters.get(id);
    if (waiting === undefined) return;
    const ready = waiting.filter((w) => seen.block >= w.from);
    const rest = waiting.filter((w) => seen.block < w.from);
    if (rest.length === 0) this.waiters.delete(id);
    else this.waiters.set(id, rest);
    for (const waiter of ready) waiter.resolve({ receipt: seen.receipt, block: seen.block });
  }
}

function receiptId(contract: string, key: string): string {
  return `${contract}:${key}`;
}
