import type { Sr25519Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import {
  type Envelope,
  openQuery,
  type QueryRequest,
  type QueryResponse,
  sealQueryResponse,
  WorkerInfo,
} from '@phalanx/primitives';
import { encode } from '@phalanx/scale';

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

/**
 * Answers a query addressed to this worker. Worker-level methods: `info` (the SCALE WorkerInfo) and
 * `ping`. Queries to contracts are answered by the contracts engine (contracts issue); until a
 * contract is deployed here, they get "no such contract".
 */
export function answerQuery(
  ecdh: Sr25519Keypair,
  chainId: Uint8Array,
  chainTimeMs: bigint,
  guard: QueryGuard,
  info: WorkerInfo,
  envelope: Envelope,
): Envelope {
  const request = openQuery(ecdh, chainId, envelope); // fails (typed) for tampering or a bad signature: nothing to answer to
  guard.admit(request, chainTimeMs);
  let response: QueryResponse;
  if (request.target.tag === 'Contract') {
    response = { ok: false, result: new Uint8Array(), error: 'no such contract is deployed on this worker' };
  } else if (request.method === 'info') {
    response = { ok: true, result: encode(WorkerInfo, info), error: '' };
  } else if (request.method === 'ping') {
    response = { ok: true, result: new Uint8Array(), error: '' };
  } else {
    response = { ok: false, result: new Uint8Array(), error: `unknown worker method "${request.method}" (try info or ping)` };
  }
  return sealQueryResponse(ecdh, envelope.senderPubkey, response);
}
