import { equalBytes, toHex } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import type { HostLogger } from './log.js';

/** How the host gets its node back after the connection drops. */
export interface ReconnectPolicy {
  /** The first retry's delay in ms; each next one doubles, up to `maxDelayMs`, each with jitter. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Give up after this many ms without a node (the host then stops, so a supervisor restarts it). */
  readonly giveUpMs?: number;
}

export const DEFAULT_RECONNECT: Required<ReconnectPolicy> = { initialDelayMs: 250, maxDelayMs: 5_000, giveUpMs: 120_000 };
/** One RPC answer may take this long before the connection counts as broken (a node that hangs). */
const REQUEST_TIMEOUT_MS = 30_000;

export interface NodeLinkEvents {
  /** A (new) connection is up: subscribe again and resume from the pRuntime's verified position. */
  connected(client: PhalanxClient): Promise<void>;
  /** No node within the give-up time, or the node now serves another chain: the host must stop. */
  fatal(error: PhalanxError): void;
}

/**
 * The host's connection to its node, kept up: when it drops (or stops answering), it reconnects with
 * exponential backoff and full jitter (so restarted nodes are not hit by every host at once), checks
 * the node still serves the same chain, and hands the new client over; after `giveUpMs` without a
 * node it reports a fatal error instead of retrying forever.
 */
export class NodeLink {
  private current: PhalanxClient | undefined;
  private reconnecting = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly policy: Required<ReconnectPolicy>;

  private constructor(
    private readonly url: string,
    private readonly genesisHash: Uint8Array,
    private readonly log: HostLogger,
    policy: ReconnectPolicy,
    private readonly events: NodeLinkEvents,
    first: PhalanxClient,
  ) {
    this.policy = { ...DEFAULT_RECONNECT, ...policy };
    this.current = first;
  }

  /** The first connection fails fast (a wrong --rpc is reported at once); later drops are retried. */
  static async open(url: string, log: HostLogger, policy: ReconnectPolicy, events: NodeLinkEvents): Promise<NodeLink> {
    const client = await connect(url, { timeoutMs: REQUEST_TIMEOUT_MS });
    return new NodeLink(url, client.genesisHash, log, policy, events, client);
  }

  /** The connected client; CONNECTION while the node is away. */
  get client(): PhalanxClient {
    if (this.current === undefined) throw new PhalanxError('CONNECTION', 'the node is unreachable: reconnecting');
    return this.current;
  }

  /** False while the connection is down (reconnecting, or given up). */
  get connected(): boolean {
    return this.current !== undefined;
  }

  /** Starts using the connection: `events.connected` for the first client. */
  async start(): Promise<void> {
    await this.events.connected(this.client);
  }

  /** The connection ended (a subscription learned it): reconnect. */
  dropped(): void {
    if (this.closed || this.reconnecting) return;
    this.reconnecting = true;
    const old = this.current;
    this.current = undefined;
    void old?.close().catch(() => undefined);
    this.log.warn(`lost the connection to the node at ${this.url}: reconnecting`);
    void this.reconnect();
  }

  /**
   * A request failed with CONNECTION: a dead socket or an error answer without a code both look like
   * that, so ask the node something cheap; if that fails too, the connection is gone.
   */
  async suspect(error: unknown): Promise<void> {
    if (!isPhalanxError(error, 'CONNECTION') || this.current === undefined) return;
    const client = this.current;
    const alive = await client.rpc.request('system_health').then(
      () => true,
      () => false,
    );
    if (!alive && client === this.current) this.dropped();
  }

  close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    return this.current?.close() ?? Promise.resolve();
  }

  private async reconnect(): Promise<void> {
    const since = Date.now();
    const { initialDelayMs, maxDelayMs, giveUpMs } = this.policy;
    for (let attempt = 1; !this.closed; attempt++) {
      const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 30));
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      const left = giveUpMs - (Date.now() - since);
      if (left <= 0) return this.giveUp(since);
      await this.sleep(Math.min(delay, left));
      if (this.closed) return;
      let client: PhalanxClient;
      try {
        client = await connect(this.url, { timeoutMs: REQUEST_TIMEOUT_MS });
      } catch {
        if (attempt === 1 || attempt % 5 === 0)
          this.log.warn(`the node at ${this.url} is still unreachable (attempt ${attempt})`);
        continue;
      }
      if (this.closed) return void client.close();
      if (!equalBytes(client.genesisHash, this.genesisHash)) {
        await client.close();
        this.closed = true;
        return this.events.fatal(
          new PhalanxError(
            'SYNC_INVALID',
            `the node at ${this.url} now serves another chain (genesis ${toHex(client.genesisHash).slice(0, 18)}…, ` +
              `this worker follows ${toHex(this.genesisHash).slice(0, 18)}…): point --rpc at a node of its chain`,
          ),
        );
      }
      this.current = client;
      try {
        await this.events.connected(client);
      } catch (error) {
        // The node went away again while we subscribed: keep trying within the same give-up time.
        this.current = undefined;
        void client.close().catch(() => undefined);
        if (isPhalanxError(error, 'CONNECTION')) continue;
        this.closed = true;
        return this.events.fatal(
          isPhalanxError(error) ? error : new PhalanxError('INTERNAL', 'resuming after a reconnect failed unexpectedly'),
        );
      }
      this.reconnecting = false;
      this.log.info(`reconnected to the node after ${Math.round((Date.now() - since) / 1000)} s (attempt ${attempt})`);
      return;
    }
  }

  private giveUp(since: number): void {
    this.closed = true;
    const seconds = Math.round((Date.now() - since) / 1000);
    this.events.fatal(
      new PhalanxError(
        'CONNECTION',
        `lost the node at ${this.url} and could not reconnect within ${seconds} s: stopping so a supervisor can restart ` +
          'this worker (it resumes from its sealed checkpoint)',
      ),
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
