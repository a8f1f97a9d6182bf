import {
  concatBytes,
  type Keypair,
  openEnvelope,
  type Sr25519Keypair,
  sealEnvelope,
  signTagged,
  utf8,
  verifyTagged,
} from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { bool, bytes, decode, encode, enumOf, fixedBytes, type Infer, str, struct, u64, unit } from '@phalanx/scale';
import { Hash, MultiSigner, Signature64 } from './common.js';
import type { Envelope } from './envelope.js';
import { schemeOf, signerOf } from './signed-payload.js';

/**
 * A query sent straight to a worker (DESIGN §7): signed by the caller's account, fresh (timestamp
 * checked against the chain's time), unique (nonce), encrypted to the worker's EcdhKey from a
 * one-off key, and answered encrypted to that one-off key. Nobody on the way reads either.
 */
export const QUERY_SIGNING_KIND = 'query';
export const QUERY_MAX_ARGS = 64 * 1024;

export const QueryTarget = enumOf('QueryTarget', { Worker: unit, Contract: Hash });
export type QueryTarget = Infer<typeof QueryTarget>;

export const QueryRequest = struct('QueryRequest', {
  caller: MultiSigner,
  nonce: fixedBytes(16),
  /** Milliseconds since the epoch when the caller made it; the worker compares with its verified chain time. */
  timestamp: u64,
  target: QueryTarget,
  method: str(64),
  args: bytes(QUERY_MAX_ARGS),
});
export type QueryRequest = Infer<typeof QueryRequest>;

const SignedQuery = struct('SignedQuery', { request: QueryRequest, signature: Signature64 });

export const QueryResponse = struct('QueryResponse', { ok: bool, result: bytes(1024 * 1024), error: str(1024) });
export type QueryResponse = Infer<typeof QueryResponse>;

const requestAd = (worker: Uint8Array) => concatBytes(utf8('phalanx/query/v1'), worker);
const responseAd = (worker: Uint8Array) => concatBytes(utf8('phalanx/query-response/v1'), worker);

/** Client side: signs the request with the account and encrypts it from a one-off key to the worker. */
export function sealQuery(
  account: Keypair,
  oneOff: Sr25519Keypair,
  chainId: Uint8Array,
  workerEcdh: Uint8Array,
  fields: Omit<QueryRequest, 'caller'>,
): Envelope {
  const request: QueryRequest = { caller: signerOf(account), ...fields };
  const signature = signTagged(account, QUERY_SIGNING_KIND, chainId, encode(QueryRequest, request));
  return sealEnvelope(oneOff, workerEcdh, encode(SignedQuery, { request, signature }), { associatedData: requestAd(workerEcdh) });
}

/** Worker side: decrypts and checks the caller's signature (freshness and nonce are the caller's job). */
export function openQuery(workerEcdh: Sr25519Keypair, chainId: Uint8Array, envelope: Envelope): QueryRequest {
  const plain = openEnvelope(workerEcdh, envelope, requestAd(workerEcdh.publicKey));
  const { request, signature } = decode(SignedQuery, plain);
  if (
    !verifyTagged(
      schemeOf(request.caller),
      request.caller.value,
      QUERY_SIGNING_KIND,
      chainId,
      encode(QueryRequest, request),
      signature,
    )
  ) {
    throw new PhalanxError('BAD_SIGNATURE', 'the query is not signed by its caller');
  }
  return request;
}

/** Worker side: the answer, encrypted back to the query's one-off key. */
export function sealQueryResponse(workerEcdh: Sr25519Keypair, oneOffPubkey: Uint8Array, response: QueryResponse): Envelope {
  return sealEnvelope(workerEcdh, oneOffPubkey, encode(QueryResponse, response), {
    associatedData: responseAd(workerEcdh.publicKey),
  });
}

/** Client side: opens the answer with the one-off key. */
export function openQueryResponse(oneOff: Sr25519Keypair, envelope: Envelope): QueryResponse {
  return decode(QueryResponse, openEnvelope(oneOff, envelope, responseAd(envelope.senderPubkey)));
}
