import type { IncomingMessage, ServerResponse } from 'node:http';
import { PhalanxError } from '@phalanx/errors';
import type { RequestBudget } from './budget.js';
import { type Dispatcher, serialiseAnswer } from './dispatch.js';
import { errorResponse, type JsonValue, RPC_ERRORS } from './json-rpc.js';
import type { RpcAccounting, RpcLimits } from './limits.js';
import type { Connection } from './methods.js';

export interface HttpContext {
  readonly limits: RpcLimits;
  readonly accounting: RpcAccounting;
  readonly dispatcher: Dispatcher;
  readonly budget: RequestBudget;
  /** Throttled warning (a client can make these happen at will). */
  readonly warn: (message: string) => void;
}

const noSubscriptions = (): never => {
  throw new PhalanxError('RPC_INVALID_REQUEST', 'subscriptions need a WebSocket connection');
};
const httpConnection: Connection = {
  subscribe: noSubscriptions,
  unsubscribe: () => false,
  assertCanSubscribe: noSubscriptions,
};

type Refusal = 'tooLarge' | 'busy' | 'timedOut';
const STATUS: Record<Refusal, number> = { tooLarge: 413, busy: 503, timedOut: 408 };

/**
 * One JSON-RPC request over HTTP POST. The body is buffered chunk by chunk against two caps, its
 * own (`maxRequestBytes`, 413) and the node's (`maxHttpBodyBytesTotal` over all requests, 503);
 * at most `maxHttpRequests` are received, handled or answered at once (503); a body that stalls
 * for `bodyIdleTimeoutMs` gets 408. A refused request's remaining body is read and dropped (so the
 * client sees the answer rather than a reset), up to a bound past which the connection is cut.
 */
export function handleHttpRequest(request: IncomingMessage, response: ServerResponse, context: HttpContext): void {
  const { limits, accounting, dispatcher, budget } = context;
  const reply = (status: number, body: JsonValue | undefined, headers: Record<string, string> = {}) => {
    if (response.headersSent) return;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body === undefined ? '' : serialiseAnswer(body, limits.maxBufferedBytes));
  };
  let state: 'body' | 'handling' | 'refused' = 'body';
  let held = 0; // body bytes this request holds, counted in accounting.httpBodyBytes until it is answered
  let dropped = 0;
  const chunks: Buffer[] = [];
  const release = () => {
    accounting.httpBodyBytes -= held;
    held = 0;
    chunks.length = 0;
  };
  const refuse = (kind: Refusal, message: string) => {
    state = 'refused';
    release();
    clearTimeout(idle);
    accounting.httpRefused[kind]++;
    context.warn(`refused an HTTP request from ${request.socket.remoteAddress ?? 'unknown'}: ${message}`);
    reply(STATUS[kind], errorResponse(null, { code: RPC_ERRORS.invalidRequest, message }), {
      connection: 'close',
      ...(kind === 'busy' ? { 'retry-after': '1' } : {}),
    });
  };

  if (request.method !== 'POST') {
    request.resume();
    return reply(
      405,
      errorResponse(null, { code: RPC_ERRORS.invalidRequest, message: 'use POST with a JSON-RPC body, or a WebSocket' }),
    );
  }
  const idle = setTimeout(
    () => state === 'body' && refuse('timedOut', `the request body stalled for ${limits.bodyIdleTimeoutMs} ms`),
    limits.bodyIdleTimeoutMs,
  );
  request.on('close', () => {
    clearTimeout(idle);
    if (state === 'body') release(); // the client went away mid-body
  });
  request.on('data', (chunk: Buffer) => {
    if (state === 'refused') {
      // Drop what the client still sends so it reads the answer; one that keeps sending is cut off.
      dropped += chunk.length;
      if (dropped > 2 * limits.maxRequestBytes) request.destroy();
      return;
    }
    if (state !== 'body') return;
    idle.refresh();
    if (held + chunk.length > limits.maxRequestBytes)
      return refuse('tooLarge', `request larger than ${limits.maxRequestBytes} bytes`);
    if (accounting.httpBodyBytes + chunk.length > limits.maxHttpBodyBytesTotal) {
      return refuse(
        'busy',
        `the node holds ${accounting.httpBodyBytes} bytes of HTTP request bodies (limit ${limits.maxHttpBodyBytesTotal}); retry shortly`,
      );
    }
    chunks.push(chunk);
    held += chunk.length;
    accounting.holdHttpBody(chunk.length);
  });
  request.on('end', () => {
    if (state !== 'body') return;
    state = 'handling';
    clearTimeout(idle);
    const parsed = dispatcher.parse(Buffer.concat(chunks).toString('utf8'));
    chunks.length = 0; // the parsed request holds the bytes now; they stay counted until the answer
    const weight = parsed.kind === 'requests' ? parsed.weight : 0;
    const answer = async () => {
      if (parsed.kind === 'answer') return parsed.response;
      await budget.acquire(weight);
      try {
        return await dispatcher.handle(parsed.value, httpConnection);
      } finally {
        budget.release(weight);
      }
    };
    answer()
      .then(
        (body) => reply(200, body),
        () => reply(500, errorResponse(null, { code: RPC_ERRORS.internal, message: 'internal error' })),
      )
      .finally(release);
  });

  if (accounting.httpRequests >= limits.maxHttpRequests) {
    return refuse(
      'busy',
      `the node is serving ${accounting.httpRequests} HTTP requests (limit ${limits.maxHttpRequests}); retry shortly`,
    );
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxRequestBytes) {
    return refuse('tooLarge', `request larger than ${limits.maxRequestBytes} bytes`);
  }
  // Counted from here until its answer has gone (or the connection closed): a client that does not
  // read its answer keeps its slot until the idle-socket timeout.
  accounting.httpRequests++;
  response.once('close', () => accounting.httpRequests--);
}
