import { generateKeypair, type Keypair, randomBytes, type Sr25519Keypair } from '@phalanx/crypto';
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
  const [rawRecord, rawChainId] = await Promise.all([
    client.storage(Registry.Workers.keyOf(worker)),
    client.storage(Mq.ChainId.key),
  ]);
  const record = Registry.Workers.get({ get: () => rawRecord }, worker);
  if (record === undefined) throw new PhalanxError('NOT_FOUND', 'no such registered worker');
  const chainId = Mq.ChainId.get({ get: () => rawChainId }) ?? new Uint8Array(32);
  const endpoint = options.endpoint ?? record.info.endpoints[0];
  if (endpoint === undefined) throw new PhalanxError('NOT_FOUND', 'the worker advertises no endpoint');
  const oneOff = generateKeypair('sr25519') as Sr25519Keypair;
  const envelope = sealQuery(account, oneOff, chainId, record.info.ecdhPubkey, {
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
