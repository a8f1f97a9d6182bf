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
    timestamp: BigInt(Date.now()),
    target: options.target ?? { tag: 'Worker', value: null },
    method: options.method,
    args: options.args ?? new Uint8Array(),
  });
  let response: Response;
  try {
    response = await fetch(new URL('/query', endpoint), {
      method: 'POST',
      body: encode(Envelope, envelope),
      headers: { 'content-type': 'application/octet-stream' },
    });
  } catch (cause) {
    throw new PhalanxError('CONNECTION', `cannot reach the worker at ${endpoint}`, { cause });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new PhalanxError('CONNECTION', `the worker refused the query: ${body.message ?? response.status}`, {
      details: { workerCode: body.code ?? null },
    });
  }
  return openQueryResponse(oneOff, decode(Envelope, new Uint8Array(await response.arrayBuffer())));
}
