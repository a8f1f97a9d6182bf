// Plot data: uPlot takes columns ([xs, ys, …]). Everything derives from the bounded block window
// or from bounded sample series, so a plot never holds more than the window.
import type { BlockSummary } from './decode.js';

export type Columns = [number[], ...number[][]];

/** A bounded series of (x, y) samples, oldest dropped first; a repeated x replaces its sample. */
export class Series {
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];
  constructor(readonly capacity = 500) {}

  push(x: number, y: number): void {
    if (this.xs.length > 0 && this.xs[this.xs.length - 1] === x) {
      this.ys[this.ys.length - 1] = y;
      return;
    }
    this.xs.push(x);
    this.ys.push(y);
    if (this.xs.length > this.capacity) {
      this.xs.shift();
      this.ys.shift();
    }
  }

  get length(): number {
    return this.xs.length;
  }

  columns(): Columns {
    return [[...this.xs], [...this.ys]];
  }
}

/** Seconds between each block and its parent (x: block number), over consecutive kept blocks. */
export function blockTimes(blocks: readonly BlockSummary[]): Columns {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 1; i < blocks.length; i++) {
    const previous = blocks[i - 1] as BlockSummary;
    const block = blocks[i] as BlockSummary;
    if (block.number !== previous.number + 1) continue;
    xs.push(block.number);
    ys.push((block.timestamp - previous.timestamp) / 1000);
  }
  return [xs, ys];
}

/** Extrinsics and confidential commands per block (x: block number). */
export function extrinsicCounts(blocks: readonly BlockSummary[]): Columns {
  return [blocks.map((b) => b.number), blocks.map((b) => b.extrinsics.length), blocks.map((b) => b.confidentialCount)];
}

/** Ciphertext bytes and entries of each state commit (x: block number), of one contract or all. */
export function commitSizes(blocks: readonly BlockSummary[], contract?: string): Columns {
  const xs: number[] = [];
  const bytes: number[] = [];
  const entries: number[] = [];
  for (const block of blocks) {
    for (const commit of block.commits) {
      if (contract !== undefined && commit.contract !== contract) continue;
      xs.push(block.number);
      bytes.push(commit.bytes);
      entries.push(commit.entries);
    }
  }
  return [xs, bytes, entries];
}
