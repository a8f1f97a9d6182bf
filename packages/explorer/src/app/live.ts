// The page's connection to the node: subscriptions to new and finalized heads (no polling), each
// new block fetched once and decoded into the bounded window; on a lost connection a banner and
// reconnection with backoff, then the gap is filled from the node.
import { connect, type HeaderView, type PhalanxClient, type WorkerPost } from '@phalanx/sdk';
import { BlockWindow } from '../view/block-window.js';
import { type RawBlock, summarizeBlock } from '../view/decode.js';
import { Series } from '../view/series.js';

export type LinkState = 'connecting' | 'up' | 'down';

/** How many blocks below the head to load when the page opens (the rest of the window fills as blocks come). */
export const BACKFILL = 100;

export class Live {
  client: PhalanxClient | undefined;
  readonly blocks: BlockWindow;
  /** Best − finalized, in blocks, sampled at each new best block. */
  readonly finalityLag = new Series();
  state: LinkState = 'connecting';
  problem = '';
  chainName = '';
  isDev = false;
  best: HeaderView | undefined;
  finalized: HeaderView | undefined;
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private retryMs = 500;

  constructor(
    readonly rpcUrl: string,
    private readonly workerPost: WorkerPost,
    capacity?: number,
    /** Resolves once the crypto backends are up: blocks are decoded after it, the connection opens before. */
    private readonly cryptoReady: Promise<unknown> = Promise.resolve(),
  ) {
    this.blocks = new BlockWindow(capacity);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Something on the page changed (a key was unlocked): refresh the live regions. */
  touch(): void {
    this.changed();
  }

  start(): void {
    void this.connectOnce();
  }

  private async connectOnce(): Promise<void> {
    this.state = 'connecting';
    this.changed();
    try {
      const client = await connect(this.rpcUrl, { webSocket: WebSocket, workerPost: this.workerPost, timeoutMs: 20_000 });
      this.client = client;
      performance.mark('phalanx:connected');
      this.chainName = client.chainName;
      this.isDev = /development|local|dev/i.test(client.chainName);
      const lost = (error: Error) => this.lost(client, error.message);
      await client.rpc.subscribe(
        'chain_subscribeNewHeads',
        [],
        'chain_unsubscribeNewHeads',
        (head) => this.onBest(head as HeaderView),
        lost,
      );
      await client.rpc.subscribe(
        'chain_subscribeFinalizedHeads',
        [],
        'chain_unsubscribeFinalizedHeads',
        (head) => this.onFinalized(head as HeaderView),
        lost,
      );
      this.state = 'up';
      this.problem = '';
      this.retryMs = 500;
      this.changed();
    } catch (error) {
      this.lost(this.client, (error as Error).message);
    }
  }

  private lost(client: PhalanxClient | undefined, reason: string): void {
    if (client !== this.client || this.state === 'down') return;
    this.state = 'down';
    this.problem = reason;
    this.client = undefined;
    this.changed();
    const wait = this.retryMs;
    this.retryMs = Math.min(5_000, this.retryMs * 2);
    setTimeout(() => void this.connectOnce(), wait);
  }

  /** Tries again now (the banner's button). */
  reconnect(): void {
    if (this.state === 'down') {
      this.state = 'connecting';
      void this.connectOnce();
    }
  }

  private onBest(head: HeaderView): void {
    this.best = head;
    this.queue = this.queue.then(() => this.follow(head)).catch(() => undefined);
  }

  private onFinalized(head: HeaderView): void {
    this.finalized = head;
    // Sampled when finality moves: how far the best chain is ahead of it then.
    const best = Math.max(this.best?.number ?? head.number, head.number);
    this.finalityLag.push(best, best - head.number);
    this.blocks.markFinalized(head.number, Date.now());
    this.changed();
  }

  /** Loads the new head, then whatever is missing below it (newest first, at most the window). */
  private async follow(head: HeaderView): Promise<void> {
    await this.cryptoReady;
    const known = this.blocks.head?.number;
    await this.load(head.hash);
    if (known === undefined) performance.mark('phalanx:first-block');
    this.changed();
    const floor = Math.max(0, head.number - (known === undefined ? BACKFILL : this.blocks.capacity));
    const from = known === undefined ? floor : Math.max(known + 1, floor);
    for (let n = head.number - 1; n >= from; n--) {
      if (this.blocks.get(n) !== undefined) continue;
      const hash = await this.client?.rpc.request<string | null>('chain_getBlockHash', [n]);
      if (hash === null || hash === undefined) break;
      await this.load(hash);
      if ((head.number - n) % 20 === 0) this.changed();
    }
    this.changed();
  }

  /** Fetches and decodes one block (from the window when kept). */
  async load(hash: string): Promise<ReturnType<typeof summarizeBlock> | undefined> {
    const kept = this.blocks.get(hash);
    if (kept !== undefined) return kept;
    const raw = await fetchBlock(this.client, hash);
    if (raw === undefined) return undefined;
    const summary = summarizeBlock(raw);
    if (summary.number + this.blocks.capacity > (this.best?.number ?? 0)) this.blocks.add(summary);
    return summary;
  }
}

export async function fetchBlock(client: PhalanxClient | undefined, hash: string): Promise<RawBlock | undefined> {
  if (client === undefined) return undefined;
  const [block, events] = await Promise.all([
    client.rpc.request<{ block: { header: RawBlock['header']; extrinsics: string[] } } | null>('chain_getBlock', [hash]),
    client.rpc.request<{ events: string } | null>('phalanx_getBlockEvents', [hash]),
  ]);
  if (block === null || events === null) return undefined;
  return { header: block.block.header, extrinsics: block.block.extrinsics, events: events.events };
}
