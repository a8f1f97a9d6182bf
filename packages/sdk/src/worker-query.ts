import { type CommChannels, generateKeypair, type Keypair, randomBytes, type Sr25519Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Envelope, openQueryResponse, type QueryResponse, type QueryTarget, sealQuery } from '@phalanx/primitives';
import { Mq, Registry } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import type { PhalanxClient } from './client.js';
import { nodePost } from './worker-post.js';

export interface WorkerQueryOptions {
  readonly method: string;
  readonly args?: Uint8Array;
  readonly target?: QueryTarget;
  /** Overrides the worker's registered endpoint (e.g. a gateway in front of it). */
  readonly endpoint?: string;
  /**
   * A session key whose channels are remembered (the worker remembers them too): one key agreement
   * per session instead of one per query. Default: a fresh one-off key per query.
   */
  readonly session?: CommChannels;
  /** The worker's registered EcdhKey and endpoint and the chain id, when the caller already has them. */
  readonly known?: { readonly ecdhPubkey: Uint8Array; readonly endpoint: string; readonly chainId: Uint8Array };
}

/** What a query needs to know about a worker, from the chain. */
export async function workerQueryTarget(
  client: PhalanxClient,
  worker: Uint8Array,
): Promise<{ ecdhPubkey: Uint8Array; endpoint: string; chainId: Uint8Array }> {
  const [rawRecord, rawChainId] = await Promise.all([
    client.storage(Registry.Workers.keyOf(worker)),
    client.storage(Mq.ChainId.key),
  ]);
  const record = Registry.Workers.get({ get: () => rawRecord }, worker);
  if (record === undefined) throw new PhalanxError('NOT_FOUND', 'no such registered worker');
  const endpoint = record.info.endpoints[0];
  if (endpoint === undefined) throw new PhalanxError('NOT_FOUND', 'the worker advertises no endpoint');
  return {
    ecdhPubkey: record.info.ecdhPubkey,
    endpoint,
    chainId: Mq.ChainId.get({ get: () => rawChainId }) ?? new Uint8Array(32),
  };
}

/** How far ahead of the chain head a query may be dated when the chain is idle: half the worker's allowance (30 s). */
const QUERY_AHEAD_OF_HEAD_MS = 15_000;

/**
 * A query's date: now, but no later than the chain head's time plus a margin. A worker accepts
 * queries dated up to 30 s after the chain time it has verified, so on an idle chain (instant seal,
 * no transactions) a query dated by the wall clock alone would be refused.
 */
async function queryTimestamp(client: PhalanxClient): Promise<bigint> {
  const now = Date.now();
  const head = await client.header();
  const latest = head === null ? now : Math.min(now, head.timestamp + QUERY_AHEAD_OF_HEAD_MS);
  return BigInt(Math.max(0, latest));
}

/**
 * Sends a signed, encrypted query to a registered worker's endpoint and decrypts its answer. The
 * worker's EcdhKey and endpoint come from the chain, so a host cannot substitute its own key.
 */
export async function queryWorker(
  client: PhalanxClient,
  account: Keypair,
  worker: Uint8Array,
  options: WorkerQueryOptions,
): Promise<QueryResponse> {
  const target = options.known ?? (await workerQueryTarget(client, worker));
  const { chainId } = target;
  const endpoint = options.endpoint ?? target.endpoint;
  const oneOff = options.session ?? (generateKeypair('sr25519') as Sr25519Keypair);
  const envelope = sealQuery(account, oneOff, chainId, target.ecdhPubkey, {
    nonce: randomBytes(16),
    timestamp: await queryTimestamp(client),
    target: options.target ?? { tag: 'Worker', value: null },
    method: options.method,
    args: options.args ?? new Uint8Array(),
  });
  // A browser cannot post to a worker's own origin (no CORS there): it injects a transport (`workerPost`).
  const post = client.workerPost ?? nodePost;
  const response = await post(new URL('/query', endpoint), encode(Envelope, envelope), worker);
  if (response.status !== 200) {
    let body: { code?: string; message?: string } = {};
    try {
      body = JSON.parse(new TextDecoder().decode(response.body)) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    if (body.code === 'RATE_LIMITED') throw new PhalanxError('RATE_LIMITED', `the worker refused the query: ${body.message}`);
    // A halted pRuntime (its node lied to it): another worker of the cluster can answer.
    if (body.code === 'SYNC_INVALID')
      throw new PhalanxError('SYNC_INVALID', `the worker refused the query: ${String(body.message).slice(0, 500)}`);
    throw new PhalanxError('CONNECTION', `the worker refused the query: ${body.message ?? response.status}`, {
      details: { workerCode: body.code ?? null },
    });
  }
  return openQueryResponse(oneOff, decode(Envelope, response.body));
}
