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
import { CALL_LIMITS } from './contract-call.js';
import type { Envelope } from './envelope.js';
import { maxPaddedPayload, PADDING, pad, unpad } from './padding.js';
import { schemeOf, signerOf } from './signed-payload.js';

/**
 * A query sent straight to a worker (DESIGN §7): signed by the caller's account, fresh (timestamp
 * checked against the chain's time), unique (nonce), encrypted to the worker's EcdhKey from a
 * one-off key, and answered encrypted to that one-off key. Nobody on the way reads either. Both
 * are padded to size buckets (`PADDING.queryRequest`, `PADDING.queryResponse`), so the host sees
 * only a bucket, not the arguments' or the answer's length.
 */
export const QUERY_SIGNING_KIND = 'query';
/** The same limit as a command's arguments (the SDK checks both against `CALL_LIMITS.args`). */
export const QUERY_MAX_ARGS = CALL_LIMITS.args;
/** An answer's result: what fits the top answer bucket (1 MiB sealed) beside the error and framing. */
export const QUERY_MAX_RESULT = maxPaddedPayload(PADDING.queryResponse) - 2048;

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

export const QueryResponse = struct('QueryResponse', { ok: bool, result: bytes(QUERY_MAX_RESULT), error: str(1024) });
export type QueryResponse = Infer<typeof QueryResponse>;

// v2: the plaintexts are padded (`pad`).
const requestAd = (worker: Uint8Array) => concatBytes(utf8('phalanx/query/v2'), worker);
const responseAd = (worker: Uint8Array) => concatBytes(utf8('phalanx/query-response/v2'), worker);

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
  const plain = pad(encode(SignedQuery, { request, signature }), PADDING.queryRequest);
  return sealWithCommKey(own.with(workerEcdh).to, own.self.publicKey, plain, { associatedData: requestAd(workerEcdh) });
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
  const { request, signature } = decode(SignedQuery, unpad(plain, PADDING.queryRequest));
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
  const plain = pad(encode(QueryResponse, response), PADDING.queryResponse);
  return sealWithCommKey(own.with(sessionPubkey).to, own.self.publicKey, plain, {
    associatedData: responseAd(own.self.publicKey),
  });
}

/** Client side: opens the answer with the session key the query came from. */
export function openQueryResponse(session: ChannelKey, envelope: Envelope): QueryResponse {
  const own = channels(session);
  const plain = openWithCommKey(own.with(envelope.senderPubkey).from, envelope, responseAd(envelope.senderPubkey));
  return decode(QueryResponse, unpad(plain, PADDING.queryResponse));
}
