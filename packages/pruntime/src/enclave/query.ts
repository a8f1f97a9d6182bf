import { PhalanxError } from '@phalanx/errors';
import {
  type ChannelKey,
  type Envelope,
  openQuery,
  type QueryRequest,
  type QueryResponse,
  sealQueryResponse,
  WorkerInfo,
} from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import type { ContractEngine } from '../contracts/engine.js';
import type { Fetcher } from '../contracts/fetcher.js';
import type { BlockEnv, ContractInstance } from '../contracts/instance.js';

/** How far a query's timestamp may lag the verified chain time. */
export const QUERY_FRESHNESS_MS = 60_000n;
/** Nonces remembered for replay protection; beyond that the oldest go and a watermark rises. */
const MAX_REMEMBERED_NONCES = 100_000;

/**
 * Freshness and replay protection without a clock inside the enclave: a query must be no older
 * than the verified chain time minus the window (and than any forgotten nonce), and its nonce new.
 */
export class QueryGuard {
  private readonly seen = new Map<string, bigint>();
  private watermark = 0n;

  admit(request: QueryRequest, chainTimeMs: bigint): void {
    const floor = chainTimeMs - QUERY_FRESHNESS_MS > this.watermark ? chainTimeMs - QUERY_FRESHNESS_MS : this.watermark;
    if (request.timestamp < floor)
      throw new PhalanxError('INVALID_INPUT', 'the query is too old (outside the freshness window): make a new one');
    const id = `${Buffer.from(request.caller.value).toString('hex')}:${Buffer.from(request.nonce).toString('hex')}`;
    if (this.seen.has(id)) throw new PhalanxError('INVALID_INPUT', 'the query was replayed (nonce already used)');
    this.seen.set(id, request.timestamp);
    if (this.seen.size > MAX_REMEMBERED_NONCES) {
      const [oldest, at] = this.seen.entries().next().value as [string, bigint];
      this.seen.delete(oldest);
      if (at > this.watermark) this.watermark = at;
    }
  }
}

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
  info: WorkerInfo,
  envelope: Envelope,
  contracts: QueryContracts,
): Promise<Envelope> {
  const request = openQuery(ecdh, chainId, envelope); // fails (typed) for tampering or a bad signature: nothing to answer to
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
