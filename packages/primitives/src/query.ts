import {
  CommChannels,
  concatBytes,
  type Keypair,
  openWithCommKey,
  type Sr25519Keypair,
  sealWithCommKey,
  signTagged,
  utf8,
  verifyTagged,
} from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
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

/** A key pair, or its remembered channels (one agreement per peer: see `CommChannels`). */
export type ChannelKey = Sr25519Keypair | CommChannels;
const channels = (key: ChannelKey) => (key instanceof CommChannels ? key : new CommChannels(key, 1));

/**
 * Client side: signs the request with the account and encrypts it to the worker from `session` —
 * a one-off key, or a session key whose channel the client and the worker remember.
 */
export function sealQuery(
  account: Keypair,
  session: ChannelKey,
  chainId: Uint8Array,
  workerEcdh: Uint8Array,
  fields: Omit<QueryRequest, 'caller'>,
): Envelope {
  const request: QueryRequest = { caller: signerOf(account), ...fields };
  const signature = signTagged(account, QUERY_SIGNING_KIND, chainId, encode(QueryRequest, request));
  const own = channels(session);
  return sealWithCommKey(own.with(workerEcdh).to, own.self.publicKey, encode(SignedQuery, { request, signature }), {
    associatedData: requestAd(workerEcdh),
  });
}

/** Worker side: decrypts and checks the caller's signature (freshness and nonce are the caller's job). */
export function openQuery(workerEcdh: ChannelKey, chainId: Uint8Array, envelope: Envelope): QueryRequest {
  const own = channels(workerEcdh);
  let plain: Uint8Array;
  try {
    plain = openWithCommKey(own.with(envelope.senderPubkey).from, envelope, requestAd(own.self.publicKey));
  } catch (error) {
    if (isPhalanxError(error, 'INVALID_INPUT') || isPhalanxError(error, 'INVALID_KEY')) {
      throw new PhalanxError('DECRYPTION_FAILED', 'authentication failed: the sender public key is not a valid sr25519 key');
    }
    throw error;
  }
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

/** Worker side: the answer, encrypted back to the query's session key. */
export function sealQueryResponse(workerEcdh: ChannelKey, sessionPubkey: Uint8Array, response: QueryResponse): Envelope {
  const own = channels(workerEcdh);
  return sealWithCommKey(own.with(sessionPubkey).to, own.self.publicKey, encode(QueryResponse, response), {
    associatedData: responseAd(own.self.publicKey),
  });
}

/** Client side: opens the answer with the session key the query came from. */
export function openQueryResponse(session: ChannelKey, envelope: Envelope): QueryResponse {
  const own = channels(session);
  return decode(
    QueryResponse,
    openWithCommKey(own.with(envelope.senderPubkey).from, envelope, responseAd(envelope.senderPubkey)),
  );
}
