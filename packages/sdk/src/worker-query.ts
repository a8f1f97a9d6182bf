import http from 'node:http';
import https from 'node:https';
import { type CommChannels, generateKeypair, type Keypair, randomBytes, type Sr25519Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Envelope, openQueryResponse, type QueryResponse, type QueryTarget, sealQuery } from '@phalanx/primitives';
import { Mq, Registry } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import type { PhalanxClient } from './client.js';

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
  const response = await post(new URL('/query', endpoint), encode(Envelope, envelope));
  if (response.status !== 200) {
    let body: { code?: string; message?: string } = {};
    try {
      body = JSON.parse(Buffer.from(response.body).toString('utf8')) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    if (body.code === 'RATE_LIMITED') throw new PhalanxError('RATE_LIMITED', `the worker refused the query: ${body.message}`);
    throw new PhalanxError('CONNECTION', `the worker refused the query: ${body.message ?? response.status}`, {
      details: { workerCode: body.code ?? null },
    });
  }
  return openQueryResponse(oneOff, decode(Envelope, response.body));
}

/** Kept-alive connections to workers: a query is one round trip, not a TCP handshake each time. */
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const QUERY_TIMEOUT_MS = 30_000;

function post(url: URL, body: Uint8Array): Promise<{ status: number; body: Uint8Array }> {
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (transport === undefined) {
    return Promise.reject(new PhalanxError('INVALID_INPUT', `a worker endpoint must be http(s), got ${url.protocol}`));
  }
  return new Promise((resolve, reject) => {
    const fail = (cause: unknown) =>
      reject(new PhalanxError('CONNECTION', `cannot reach the worker at ${url.origin}`, { cause }));
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        headers: { 'content-type': 'application/octet-stream', 'content-length': body.length },
        timeout: QUERY_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES)
            request.destroy(new PhalanxError('CONNECTION', 'the answer of the worker is larger than 2 MiB'));
          else chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) }));
        response.on('error', fail);
      },
    );
    request.on('timeout', () => request.destroy(new PhalanxError('CONNECTION', 'the worker did not answer within 30 s')));
    request.on('error', fail);
    request.end(body);
  });
}
