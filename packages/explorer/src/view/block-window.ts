// The blocks the page keeps: a bounded window (the newest `capacity`), so the page's memory stays
// the same after an hour of blocks as after a minute. Older blocks are fetched again on demand.
import type { BlockSummary } from './decode.js';

export const DEFAULT_WINDOW = 500;

export class BlockWindow {
  private readonly byNumber = new Map<number, BlockSummary>();
  private readonly byHash = new Map<string, number>();
  /** The highest finalized block number seen, and when (page clock, ms) each block was seen finalized. */
  finalized = 0;
  private readonly finalizedAt = new Map<number, number>();

  constructor(readonly capacity = DEFAULT_WINDOW) {}

  get size(): number {
    return this.byNumber.size;
  }

  /** Adds (or replaces, after a re-org of the best chain) a block; evicts the oldest past capacity. */
  add(block: BlockSummary): void {
    const old = this.byNumber.get(block.number);
    if (old !== undefined) this.byHash.delete(old.hash);
    this.byNumber.set(block.number, block);
    this.byHash.set(block.hash, block.number);
    while (this.byNumber.size > this.capacity) {
      let oldest = Number.POSITIVE_INFINITY;
      for (const n of this.byNumber.keys()) if (n < oldest) oldest = n;
      this.evict(oldest);
    }
  }

  private evict(number: number): void {
    const block = this.byNumber.get(number);
    if (block !== undefined) this.byHash.delete(block.hash);
    this.byNumber.delete(number);
    this.finalizedAt.delete(number);
  }

  /** Records that blocks up to `number` are final (seen at `now`, page clock). */
  markFinalized(number: number, now: number): void {
    for (let n = this.finalized + 1; n <= number; n++) if (this.byNumber.has(n)) this.finalizedAt.set(n, now);
    this.finalized = Math.max(this.finalized, number);
  }

  finalizedSeenAt(number: number): number | undefined {
    return this.finalizedAt.get(number);
  }

  get(numberOrHash: number | string): BlockSummary | undefined {
    const number = typeof numberOrHash === 'number' ? numberOrHash : this.byHash.get(numberOrHash.toLowerCase());
    return number === undefined ? undefined : this.byNumber.get(number);
  }

  get head(): BlockSummary | undefined {
    return this.latest(1)[0];
  }

  /** The newest `count` blocks, newest first. */
  latest(count: number): BlockSummary[] {
    return [...this.byNumber.keys()]
      .sort((a, b) => b - a)
      .slice(0, count)
      .map((n) => this.byNumber.get(n) as BlockSummary);
  }

  /** Every kept block, oldest first. */
  ascending(): BlockSummary[] {
    return this.latest(this.capacity).reverse();
  }
}
