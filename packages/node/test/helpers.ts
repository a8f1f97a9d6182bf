// Shared harness for the node tests: dev keys, signed extrinsics, chains over temp LevelDB
// directories with a deterministic clock, state snapshots, and tiny JSON-RPC clients (WebSocket
// and HTTP) that expose the raw protocol. Nothing here sleeps: waits are for events.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devKeypair, type Keypair, keypairFromUri, toHex } from '@phalanx/crypto';
import { type ErrorCode, isPhalanxError } from '@phalanx/errors';
import { signExtrinsic } from '@phalanx/primitives';
import {
  devGenesisConfig,
  type EventRecord,
  Extrinsic,
  type GenesisConfig,
  MapState,
  RuntimeCall,
  readAccount,
} from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import WebSocket from 'ws';
import { type Consensus, SingleAuthority } from '../src/authoring/consensus.js';
import { Chain } from '../src/chain.js';
import { ChainDb } from '../src/db/chain-db.js';
import { genesisBlock } from '../src/genesis.js';
import type { PoolLimits } from '../src/pool/types.js';
import { SignatureVerifier } from '../src/verify/verifier.js';

export const GENESIS_TIME = 1_700_000_000_000n;

let devCache: GenesisConfig | undefined;
/** The dev genesis config (needs `cryptoReady()`; built once). */
export function dev(): GenesisConfig {
  devCache ??= devGenesisConfig(GENESIS_TIME);
  return devCache;
}

let genesisHashCache: Uint8Array | undefined;
/** The dev chain's genesis hash (needs `cryptoReady()`). */
export function devGenesisHash(): Uint8Array {
  genesisHashCache ??= genesisBlock(dev()).hash;
  return genesisHashCache;
}

const keyCache = new Map<string, Keypair>();
/** A cached key pair: a dev name ('Alice') or a secret URI ('//Nobody'). */
export function key(name: string): Keypair {
  let kp = keyCache.get(name);
  if (kp === undefined) {
    kp = name.startsWith('/') ? keypairFromUri(name) : devKeypair(name);
    keyCache.set(name, kp);
  }
  return kp;
}

export const calls = {
  transfer: (dest: Uint8Array, value: bigint): RuntimeCall => ({
    tag: 'Balances',
    value: { tag: 'transfer', value: { dest, value } },
  }),
  reserve: (value: bigint): RuntimeCall => ({ tag: 'Balances', value: { tag: 'reserve', value: { value } } }),
  remark: (text: string | Uint8Array): RuntimeCall => ({
    tag: 'System',
    value: { tag: 'remark', value: { remark: typeof text === 'string' ? new TextEncoder().encode(text) : text } },
  }),
};

/** A signed, encoded extrinsic. */
export function tx(
  signer: Keypair | string,
  nonce: number,
  call: RuntimeCall,
  options: { tip?: bigint; genesisHash?: Uint8Array } = {},
): Uint8Array {
  const keypair = typeof signer === 'string' ? key(signer) : signer;
  return encode(
    Extrinsic,
    signExtrinsic(RuntimeCall, keypair, options.genesisHash ?? devGenesisHash(), { nonce, tip: options.tip ?? 0n, call }),
  );
}

/** A harmless, always-successful extrinsic (unique per `label`). */
export function remarkTx(signer: string, nonce: number, label = `${signer}#${nonce}`, tip = 0n): Uint8Array {
  return tx(signer, nonce, calls.remark(label), { tip });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `phalanx-node-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A clock the test moves by hand (ms since the epoch). */
export class ManualClock {
  now: bigint;
  constructor(start = GENESIS_TIME + 6_000n) {
    this.now = start;
  }
  readonly read = (): bigint => this.now;
  advance(ms = 6_000n): void {
    this.now += ms;
  }
}

export interface TestChain {
  readonly chain: Chain;
  readonly db: ChainDb;
  readonly clock: ManualClock;
  /** Closes the database (and the verifier if this chain owns it). */
  close(): Promise<void>;
}

/**
 * A chain over a LevelDB in `dir`. `author` true: Alice authors; false: an importing node with
 * no key. Pass a `verifier` to share one between chains of the same genesis.
 */
export async function openChain(
  dir: string,
  options: {
    author?: boolean;
    genesis?: GenesisConfig;
    verifier?: SignatureVerifier;
    clock?: ManualClock;
    poolLimits?: Partial<PoolLimits>;
    compactionInterval?: number;
    /** Another engine than Alice's single authority (e.g. CometBFT's). */
    consensus?: Consensus;
  } = {},
): Promise<TestChain> {
  const genesis = options.genesis ?? dev();
  const db = await ChainDb.open(dir);
  const ownVerifier = options.verifier === undefined;
  let verifier: SignatureVerifier | undefined;
  try {
    verifier = options.verifier ?? (await SignatureVerifier.start(genesisBlock(genesis).hash, 1));
    const clock = options.clock ?? new ManualClock();
    const consensus = options.consensus ?? new SingleAuthority(options.author === false ? undefined : key('Alice'));
    const chain = await Chain.open({
      db,
      genesis,
      consensus,
      verifier,
      clock: clock.read,
      ...(options.poolLimits === undefined ? {} : { poolLimits: options.poolLimits }),
      ...(options.compactionInterval === undefined ? {} : { compactionInterval: options.compactionInterval }),
    });
    const owned = verifier;
    return {
      chain,
      db,
      clock,
      async close() {
        await db.close();
        if (ownVerifier) await owned.close();
      },
    };
  } catch (error) {
    await db.close();
    if (ownVerifier) await verifier?.close();
    throw error;
  }
}

/** Produces one block (advancing the clock first); fails the test if nothing was produced. */
export async function produce(test: TestChain, options: { allowEmpty?: boolean } = {}) {
  test.clock.advance();
  const block = await test.chain.produceBlock(options);
  assert.ok(block !== undefined, 'expected a block to be produced');
  return block;
}

/** The flat state as sorted [hex key, hex value] pairs (for equality checks). */
export function snapshot(state: MapState | Iterable<[Uint8Array, Uint8Array]>): [string, string][] {
  const entries = state instanceof MapState ? state.entries() : state;
  return [...entries].map(([k, v]): [string, string] => [toHex(k), toHex(v)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Everything observable about a chain that a refused submission or import must not change. */
export async function chainFingerprint(chain: Chain): Promise<{
  best: string;
  finalized: string;
  root: string;
  pool: number;
  state: [string, string][];
  dbBest: string;
  dbState: [string, string][];
}> {
  const dbState: [Uint8Array, Uint8Array][] = [];
  for await (const entry of chain.db.state()) dbState.push(entry);
  return {
    best: toHex(chain.bestHash),
    finalized: toHex(chain.finalizedHash),
    root: toHex(chain.bestState.root),
    pool: chain.pool.size,
    state: snapshot(chain.bestState.flat),
    dbBest: toHex((await chain.db.bestHash()) ?? new Uint8Array()),
    dbState: snapshot(dbState),
  };
}

export function nonceOf(chain: Chain, who: string): number {
  return readAccount(chain.bestState.flat, key(who).publicKey).nonce;
}

export function freeOf(chain: Chain, who: string | Uint8Array): bigint {
  return readAccount(chain.bestState.flat, typeof who === 'string' ? key(who).publicKey : who).free;
}

/** Asserts that `promise` rejects with a PhalanxError of `code`. */
export async function rejectsWith(promise: Promise<unknown> | (() => unknown), code: ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(
    async () => (typeof promise === 'function' ? promise() : promise),
    (error: unknown) => {
      assert.ok(isPhalanxError(error), `expected a PhalanxError, got ${String(error)}`);
      assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
      if (message !== undefined) assert.match(error.message, message);
      return true;
    },
  );
}

/** Asserts that `fn` throws a PhalanxError of `code` synchronously. */
export function throwsWith(fn: () => unknown, code: ErrorCode): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isPhalanxError(error), `expected a PhalanxError, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC clients speaking the raw protocol.

export interface RpcResponse {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: { code: string; details: Record<string, unknown> } };
}

interface Notification {
  method: string;
  params: { subscription: string; result: unknown };
}

/** A WebSocket JSON-RPC client that keeps notifications per subscription until they are taken. */
export class WsClient {
  readonly socket: WebSocket;
  private nextId = 1;
  private readonly waiting = new Map<number | string, (response: RpcResponse) => void>();
  private readonly queues = new Map<string, unknown[]>();
  private readonly takers = new Map<string, (result: unknown) => void>();
  /** Responses that matched no pending request (e.g. errors with a null id). */
  readonly orphans: RpcResponse[] = [];
  private orphanWaiter: ((response: RpcResponse) => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on('message', (data) => this.onMessage(data.toString()));
  }

  static connect(port: number): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      socket.once('open', () => resolve(new WsClient(socket)));
      socket.once('error', reject);
    });
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as RpcResponse | Notification | RpcResponse[];
    if (Array.isArray(message)) {
      this.deliverOrphan(message as unknown as RpcResponse);
      return;
    }
    if ('method' in message) {
      const { subscription, result } = message.params;
      const taker = this.takers.get(subscription);
      if (taker !== undefined) {
        this.takers.delete(subscription);
        taker(result);
      } else {
        this.queues.set(subscription, [...(this.queues.get(subscription) ?? []), result]);
      }
      return;
    }
    const waiter = message.id === null ? undefined : this.waiting.get(message.id);
    if (waiter !== undefined && message.id !== null) {
      this.waiting.delete(message.id);
      waiter(message);
    } else {
      this.deliverOrphan(message);
    }
  }

  private deliverOrphan(response: RpcResponse): void {
    const waiter = this.orphanWaiter;
    if (waiter !== undefined) {
      this.orphanWaiter = undefined;
      waiter(response);
    } else this.orphans.push(response);
  }

  /** The next response that matched no request id (parse errors, batches). */
  nextOrphan(): Promise<RpcResponse> {
    const queued = this.orphans.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => (this.orphanWaiter = resolve));
  }

  /** Sends a request and resolves with the whole response (result or error). */
  call(method: string, params: unknown[] = []): Promise<RpcResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Sends a request and resolves with its result; fails the test on an error response. */
  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await this.call(method, params);
    assert.equal(response.error, undefined, `${method} failed: ${JSON.stringify(response.error)}`);
    return response.result as T;
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? false });
  }

  /** The next notification of `subscription` (queued or future). */
  next<T = unknown>(subscription: string): Promise<T> {
    const queue = this.queues.get(subscription);
    if (queue !== undefined && queue.length > 0) return Promise.resolve(queue.shift() as T);
    return new Promise((resolve) => this.takers.set(subscription, resolve as (result: unknown) => void));
  }

  /** Notifications of `subscription` received and not yet taken. */
  pending(subscription: string): unknown[] {
    return [...(this.queues.get(subscription) ?? [])];
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = this.closed;
    this.socket.close();
    await closed;
  }
}

/** An HTTP request to the RPC port; resolves with status and parsed body (or the raw text). */
export function httpCall(
  port: number,
  body: string | Buffer,
  method = 'POST',
): Promise<{ status: number; body: unknown; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path: '/', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text.length === 0 ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (method === 'GET') req.end();
    else req.end(body);
  });
}

export function httpRpc(port: number, method: string, params: unknown[] = [], id: number | string = 1): Promise<RpcResponse> {
  return httpCall(port, JSON.stringify({ jsonrpc: '2.0', id, method, params })).then(({ body }) => body as RpcResponse);
}

/** "Pallet.Event" names of event records, with the extrinsic index for ApplyExtrinsic phases ("0:Balances.FeePaid"). */
export function eventNames(records: readonly EventRecord[]): string[] {
  return records.map(
    (r) =>
      `${r.phase.tag === 'ApplyExtrinsic' ? `${r.phase.value}:` : `${r.phase.tag}:`}${r.event.tag}.${(r.event.value as { tag: string }).tag}`,
  );
}
