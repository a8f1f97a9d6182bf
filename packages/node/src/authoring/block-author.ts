import { isPhalanxError } from '@phalanx/errors';
import type { Chain } from '../chain.js';
import type { Logger } from '../log.js';

export type SealMode = { readonly kind: 'instant' } | { readonly kind: 'interval'; readonly intervalMs: number };

/**
 * Drives block production. *Instant seal* (dev): a block as soon as transactions wait, taking
 * everything ready up to the block limits, then again while more are ready. *Interval*: one block
 * every `intervalMs`, empty or not.
 */
export class BlockAuthor {
  private readonly chain: Chain;
  private readonly mode: SealMode;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private scheduled = false;
  private producing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(chain: Chain, mode: SealMode, log: Logger) {
    this.chain = chain;
    this.mode = mode;
    this.log = log;
  }

  start(): void {
    if (this.mode.kind === 'instant') {
      this.stopListening = this.chain.readyTransactions.add(() => this.schedule());
      if (this.chain.pool.size > 0) this.schedule();
    } else {
      this.timer = setInterval(() => this.schedule(true), this.mode.intervalMs);
    }
  }

  private schedule(allowEmpty = false): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.producing = this.producing.then(() => this.produce(allowEmpty));
    });
  }

  private async produce(allowEmpty: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      const block = await this.chain.produceBlock({ allowEmpty });
      if (block === undefined) return;
      this.log.info(
        `block #${block.header.number} ${Buffer.from(block.hash).toString('hex').slice(0, 16)}… with ${block.block.extrinsics.length} extrinsics`,
      );
      // More ready while this block was built? One look at the first ready transaction is enough.
      if (this.mode.kind === 'instant' && !this.chain.pool.ready(this.chain.bestState.flat).next().done) this.schedule();
    } catch (error) {
      this.log.error(
        `block production failed: ${isPhalanxError(error) ? `${error.code}: ${error.message}` : 'unexpected error'}`,
      );
    }
  }

  /** Stops producing and waits for a block in progress to be committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.stopListening?.();
    await this.producing;
  }
}
