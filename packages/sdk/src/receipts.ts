import { fromHex, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Envelope } from '@phalanx/primitives';
import { decode } from '@phalanx/scale';
import type { PhalanxClient } from './client.js';

interface Waiter {
  readonly from: number;
  readonly resolve: (found: { receipt: Envelope; block: number }) => void;
  readonly reject: (error: PhalanxError) => void;
}

const RECENT = 4096;
const streams = new WeakMap<PhalanxClient, Map<string, ReceiptStream>>();

/**
 * The receipts of one caller's calls to one contract, pushed by the node as their blocks import
 * (`phalanx_subscribeContractReceipts`): one subscription per (contract, caller), shared by every
 * call; receipts that arrive before their caller waits are remembered.
 */
export class ReceiptStream {
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly recent = new Map<string, { receipt: Envelope; block: number }>();
  private ready: Promise<void> | undefined;

  private constructor(
    private readonly client: PhalanxClient,
    private readonly contract: Uint8Array,
    private readonly caller: Uint8Array,
  ) {}

  static for(client: PhalanxClient, contract: Uint8Array, caller: Uint8Array): ReceiptStream {
    let byKey = streams.get(client);
    if (byKey === undefined) {
      byKey = new Map();
      streams.set(client, byKey);
    }
    const key = `${toHex(contract)}:${toHex(caller)}`;
    let stream = byKey.get(key);
    if (stream === undefined) {
      stream = new ReceiptStream(client, contract, caller);
      byKey.set(key, stream);
    }
    return stream;
  }

  /** Subscribes (once); call before submitting, so no receipt can slip past. */
  open(): Promise<void> {
    this.ready ??= this.client.rpc
      .subscribe(
        'phalanx_subscribeContractReceipts',
        [toHex(this.contract), toHex(this.caller)],
        'phalanx_unsubscribeContractReceipts',
        (result) => this.deliver(result as { block: number; sequence: string | null; receipt: string }),
        (error) => this.end(error),
      )
      .then(() => undefined);
    this.ready.catch(() => {
      this.ready = undefined;
    });
    return this.ready;
  }

  /** The connection ended: nothing more will come; fail the waiting calls at once. */
  private end(error: PhalanxError): void {
    this.ready = undefined;
    const waiting = [...this.waiters.values()].flat();
    this.waiters.clear();
    for (const waiter of waiting) waiter.reject(error);
  }

  private deliver(result: { block: number; sequence: string | null; receipt: string }): void {
    const key = result.sequence ?? 'init';
    if (this.recent.has(key)) return; // every replica sends the same receipt: keep the first
    const found = { receipt: decode(Envelope, fromHex(result.receipt, 'receipt')), block: result.block };
    this.recent.set(key, found);
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value as string);
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    for (const waiter of waiting) waiter.resolve(found);
  }

  /** The receipt of call `sequence` (`undefined`: the constructor), from block `from` on. */
  async wait(sequence: bigint | undefined, from: number, timeoutMs: number): Promise<{ receipt: Envelope; block: number }> {
    await this.open();
    const key = sequence === undefined ? 'init' : sequence.toString();
    const known = this.recent.get(key);
    if (known !== undefined && known.block >= from) return known;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.set(
          key,
          (this.waiters.get(key) ?? []).filter((w) => w !== waiter),
        );
        reject(new PhalanxError('TIMEOUT', `no receipt within ${timeoutMs} ms: are the contract's workers running and synced?`));
      }, timeoutMs);
      const waiter: Waiter = {
        from,
        resolve: (found) => {
          clearTimeout(timer);
          resolve(found);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.set(key, [...(this.waiters.get(key) ?? []), waiter]);
    });
  }
}
