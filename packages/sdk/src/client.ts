import { fromHex, fromSs58, type Keypair, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { extrinsicHash, signExtrinsic } from '@phalanx/primitives';
import { AccountInfo, type EventRecord, EventRecords, Extrinsic, RuntimeCall, System } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import { DEFAULT_INCLUSION_TIMEOUT_MS, DispatchFailure, InclusionFailure, watchInclusion } from './inclusion.js';
import { NonceBook } from './nonces.js';
import { RpcClient, type RpcClientOptions } from './rpc-client.js';
import type { WorkerPost } from './worker-post.js';

/** How to reach the node (`RpcClientOptions`: timeout, WebSocket implementation) and the workers. */
export interface ConnectOptions extends RpcClientOptions {
  /** How worker queries are posted (default: Node.js http); a browser page passes its own. */
  readonly workerPost?: WorkerPost;
}

export interface HeaderView {
  readonly hash: string;
  readonly parentHash: string;
  readonly number: number;
  readonly stateRoot: string;
  readonly extrinsicsRoot: string;
  readonly timestamp: number;
  readonly author: string;
}

/** A block as a client following its calls sees it: number, extrinsic hashes (in order), events. */
export interface BlockEventsView {
  readonly number: number;
  readonly extrinsicHashes: string[];
  readonly events: EventRecord[];
}

/** The outcome of a transaction once it is in a block. */
export interface TxResult {
  /** The extrinsic's hash. */
  readonly hash: string;
  readonly block: number;
  readonly blockHash: string;
  readonly index: number;
  /** False when the call failed (its changes were reverted; the fee was still paid). */
  readonly ok: boolean;
  /** When not ok: `DISPATCH_FAILED` with the pallet and its error (fields and details). */
  readonly error?: DispatchFailure;
  /** The events this extrinsic emitted. */
  readonly events: EventRecord[];
}

export interface SubmitOptions {
  readonly tip?: bigint;
  /**
   * An explicit nonce: used as is, never retried. Default: the signer's next nonce as this client
   * counts it (read from the node first, counting the account's pooled transactions).
   */
  readonly nonce?: number;
  /** How long to wait for the transaction to be in a block (default 60 s), then `TIMEOUT`. */
  readonly timeoutMs?: number;
}

/** An account id from an SS58 address, a 0x public key, or raw bytes. */
export function accountId(account: string | Uint8Array): Uint8Array {
  if (account instanceof Uint8Array) {
    if (account.length !== 32) throw new PhalanxError('INVALID_INPUT', 'an account id is 32 bytes');
    return account;
  }
  return account.startsWith('0x') ? fromHex(account, 'account', 32) : fromSs58(account, null);
}

/** A connection to a Phalanx node. */
export class PhalanxClient {
  readonly rpc: RpcClient;
  readonly genesisHash: Uint8Array;
  readonly chainName: string;
  /** Nonces handed out by this client, per account. */
  private readonly nonces = new NonceBook((account) => this.nextNonce(account));

  /** The transport of worker queries, when not Node.js http (see `ConnectOptions`). */
  readonly workerPost: WorkerPost | undefined;

  private constructor(rpc: RpcClient, genesisHash: Uint8Array, chainName: string, workerPost?: WorkerPost) {
    this.rpc = rpc;
    this.genesisHash = genesisHash;
    this.chainName = chainName;
    this.workerPost = workerPost;
  }

  static async connect(url: string, options: ConnectOptions = {}): Promise<PhalanxClient> {
    const rpc = await RpcClient.connect(url, options);
    try {
      const [genesis, chainName] = await Promise.all([
        rpc.request<string>('chain_getBlockHash', [0]),
        rpc.request<string>('system_chain'),
      ]);
      return new PhalanxClient(rpc, fromHex(genesis, 'genesis hash', 32), chainName, options.workerPost);
    } catch (error) {
      await rpc.close();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.rpc.close();
  }

  header(hash?: string): Promise<HeaderView | null> {
    return this.rpc.request<HeaderView | null>('chain_getHeader', hash === undefined ? [] : [hash]);
  }

  nextNonce(account: string | Uint8Array): Promise<number> {
    return this.rpc.request<number>('system_accountNextIndex', [toHex(accountId(account))]);
  }

  async storage(key: Uint8Array, at?: string): Promise<Uint8Array | undefined> {
    const value = await this.rpc.request<string | null>('state_getStorage', at === undefined ? [toHex(key)] : [toHex(key), at]);
    return value === null ? undefined : fromHex(value, 'storage value');
  }

  async account(account: string | Uint8Array): Promise<AccountInfo> {
    const raw = await this.storage(System.Account.keyOf(accountId(account)));
    return raw === undefined ? { nonce: 0, free: 0n, reserved: 0n } : decode(AccountInfo, raw);
  }

  /** Events of a block, decoded, with its extrinsics' hashes in order. */
  async blockEvents(blockHash: string): Promise<BlockEventsView> {
    const block = await this.rpc.request<{ number: number; extrinsicHashes: string[]; events: string } | null>(
      'phalanx_getBlockEvents',
      [blockHash],
    );
    if (block === null) throw new PhalanxError('NOT_FOUND', `block ${blockHash} is unknown to the node`);
    return {
      number: block.number,
      extrinsicHashes: block.extrinsicHashes,
      events: decode(EventRecords, fromHex(block.events, 'events')),
    };
  }

  /**
   * Signs `call`, submits it, waits until it is in a block (at most `timeoutMs`: `TIMEOUT`), and
   * reports its outcome. Without an explicit nonce it takes the signer's next local nonce, and when
   * the node refuses the transaction as stale or duplicate (another signer of the same account took
   * that nonce) it re-reads the nonce from the chain and retries once.
   */
  signAndSubmit(keypair: Keypair, call: RuntimeCall, options: SubmitOptions = {}): Promise<TxResult> {
    return this.signAndSubmitWith(keypair, () => call, options);
  }

  /**
   * Like `signAndSubmit`, for a call that depends on the nonce of the extrinsic carrying it (a
   * contract command seals that nonce into its envelope): `build` makes the call for a nonce and
   * runs again for the retry. Whatever `build` (or signing and encoding) throws, no nonce is taken.
   */
  async signAndSubmitWith(
    keypair: Keypair,
    build: (nonce: number) => RuntimeCall,
    options: SubmitOptions = {},
  ): Promise<TxResult> {
    const signed = (nonce: number) =>
      encode(
        Extrinsic,
        signExtrinsic(RuntimeCall, keypair, this.genesisHash, { nonce, tip: options.tip ?? 0n, call: build(nonce) }),
      );
    const account = keypair.publicKey;
    const explicit = options.nonce;
    if (explicit !== undefined)
      return unwrapped(this.included(signed(explicit), options.timeoutMs, () => this.nonces.observe(account, explicit)));
    for (let attempt = 1; ; attempt++) {
      const { nonce, value: bytes } = await this.nonces.take(account, signed);
      try {
        return await this.included(bytes, options.timeoutMs);
      } catch (failure) {
        if (!(failure instanceof InclusionFailure)) throw failure;
        const { error } = failure;
        const taken = error instanceof PhalanxError && (error.code === 'TX_STALE' || error.code === 'TX_DUPLICATE');
        // Taken by another signer of this account, or maybe in the pool or a block: the chain knows
        // the next free nonce. Refused for another reason (fee, size): this nonce is free again.
        if (taken || !failure.refused) this.nonces.forget(account);
        else this.nonces.release(account, nonce);
        if (!taken || attempt >= 2) throw error;
      }
    }
  }

  /** Submits encoded extrinsic bytes and waits for inclusion (at most `timeoutMs`: `TIMEOUT`). */
  submitAndWait(bytes: Uint8Array, options: { timeoutMs?: number } = {}): Promise<TxResult> {
    return unwrapped(this.included(bytes, options.timeoutMs));
  }

  private async included(
    bytes: Uint8Array,
    timeoutMs = DEFAULT_INCLUSION_TIMEOUT_MS,
    onAccepted?: () => void,
  ): Promise<TxResult> {
    const hash = toHex(extrinsicHash(bytes));
    const blockHash = await watchInclusion(this.rpc, bytes, hash, timeoutMs, onAccepted);
    const found = await this.rpc.request<{ number: number; index: number; events: string } | null>('phalanx_getExtrinsicEvents', [
      blockHash,
      hash,
    ]);
    if (found === null)
      throw new PhalanxError('INTERNAL', 'the node reported the transaction in a block that does not contain it');
    const { number, index } = found;
    const own = decode(EventRecords, fromHex(found.events, 'events'));
    const failed = own.find((record) => record.event.tag === 'System' && record.event.value.tag === 'ExtrinsicFailed');
    const record =
      failed?.event.tag === 'System' && failed.event.value.tag === 'ExtrinsicFailed' ? failed.event.value.value.error : undefined;
    return {
      hash,
      block: number,
      blockHash,
      index,
      ok: failed === undefined,
      ...(record === undefined ? {} : { error: new DispatchFailure(record, { block: number, hash }) }),
      events: own,
    };
  }

  /**
   * Calls `handler` with the events of every new best block, in order, from the next one on.
   * Returns the function that stops it. (Contract events are confidential: they travel inside each
   * caller's encrypted receipt; here a contract shows only as `Phat.ContractCalled` ciphertext.)
   */
  async subscribeEvents(handler: (block: BlockEventsView & { hash: string }) => void): Promise<() => Promise<void>> {
    let next: number | undefined;
    let chain: Promise<void> = Promise.resolve();
    const follow = (head: HeaderView) => {
      chain = chain
        .then(async () => {
          if (next === undefined) {
            next = head.number + 1; // start after the block current at subscription
            return;
          }
          for (; next <= head.number; next++) {
            const hash = await this.rpc.request<string | null>('chain_getBlockHash', [next]);
            if (hash === null) return;
            handler({ ...(await this.blockEvents(hash)), hash });
          }
        })
        .catch(() => undefined);
    };
    return this.rpc.subscribe('chain_subscribeNewHeads', [], 'chain_unsubscribeNewHeads', (head) => follow(head as HeaderView));
  }

  transfer(keypair: Keypair, to: string | Uint8Array, amount: bigint, options: SubmitOptions = {}): Promise<TxResult> {
    return this.signAndSubmit(
      keypair,
      { tag: 'Balances', value: { tag: 'transfer', value: { dest: accountId(to), value: amount } } },
      options,
    );
  }

  /** Every key and value of the state at `at` (best block by default), in key order. */
  async *statePairs(options: { prefix?: Uint8Array; pageSize?: number } = {}): AsyncGenerator<[string, string]> {
    const pageSize = options.pageSize ?? 1000;
    const prefix = options.prefix === undefined ? null : toHex(options.prefix);
    let startKey: string | null = null;
    let at: string | null = null;
    for (;;) {
      const page: { at: string; pairs: [string, string][] } = await this.rpc.request('state_getPairsPaged', [
        prefix,
        pageSize,
        startKey,
        at,
      ]);
      at = page.at;
      for (const pair of page.pairs) yield pair;
      if (page.pairs.length < pageSize) return;
      startKey = (page.pairs[page.pairs.length - 1] as [string, string])[0];
    }
  }
}

/** The error inside an inclusion failure (callers see the node's or the timeout's own error). */
async function unwrapped<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (failure) {
    throw failure instanceof InclusionFailure ? failure.error : failure;
  }
}

export function connect(url: string, options: ConnectOptions = {}): Promise<PhalanxClient> {
  return PhalanxClient.connect(url, options);
}
