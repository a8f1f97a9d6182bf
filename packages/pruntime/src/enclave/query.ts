import {
  type ChannelKey,
  type Envelope,
  openQuery,
  type QueryResponse,
  sealQueryResponse,
  WorkerInfo,
} from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import type { ContractEngine } from '../contracts/engine.js';
import type { Fetcher } from '../contracts/fetcher.js';
import type { BlockEnv, ContractInstance } from '../contracts/instance.js';
import type { QueryGuard } from './query-guard.js';
import type { QueryRateLimit } from './query-rate.js';

/** What contract queries need: the contracts here, the engine, the latest block, the network. */
export interface QueryContracts {
  readonly instances: ReadonlyMap<string, ContractInstance>;
  readonly engine: ContractEngine;
  readonly block: BlockEnv;
  readonly fetcher: Fetcher | undefined;
}

/**
 * Answers a query addressed to this worker. Worker-level methods: `info` (the SCALE WorkerInfo) and
 * `ping`; a `Contract` target runs the contract's query method read-only on its latest state,
 * with `ctx.caller` the query's signer. The target travels inside the ciphertext: the host does
 * not learn which contract is queried.
 */
export async function answerQuery(
  ecdh: ChannelKey,
  chainId: Uint8Array,
  chainTimeMs: bigint,
  guard: QueryGuard,
  rate: QueryRateLimit,
  info: WorkerInfo,
  envelope: Envelope,
  contracts: QueryContracts,
): Promise<Envelope> {
  const request = openQuery(ecdh, chainId, envelope); // fails (typed) for tampering or a bad signature: nothing to answer to
  rate.take(request.caller.value); // before the replay check: replays and floods spend the caller's allowance
  guard.admit(request, chainTimeMs);
  let response: QueryResponse;
  if (request.target.tag === 'Contract') {
    const instance = contracts.instances.get(Buffer.from(request.target.value).toString('hex'));
    response =
      instance === undefined || !instance.initialized
        ? { ok: false, result: new Uint8Array(), error: 'no such contract is deployed on this worker' }
        : await instance.query(contracts.engine, request, contracts.block, contracts.fetcher);
  } else if (request.method === 'info') {
    response = { ok: true, result: encode(WorkerInfo, info), error: '' };
  } else if (request.method === 'ping') {
    response = { ok: true, result: new Uint8Array(), error: '' };
  } else {
    response = { ok: false, result: new Uint8Array(), error: `unknown worker method "${request.method}" (try info or ping)` };
  }
  return sealQueryResponse(ecdh, envelope.senderPubkey, response);
}
