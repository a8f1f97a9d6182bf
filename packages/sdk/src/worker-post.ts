import http from 'node:http';
import https from 'node:https';
import { PhalanxError } from '@phalanx/errors';

/**
 * How an encrypted query reaches a worker: `(url of its /query, envelope bytes, worker id)` →
 * status and body. The default posts with Node.js http(s); a browser page passes its own (the
 * explorer posts through its server, which forwards only to the worker's registered endpoint).
 */
export type WorkerPost = (url: URL, body: Uint8Array, worker: Uint8Array) => Promise<{ status: number; body: Uint8Array }>;

/** Kept-alive connections to workers: a query is one round trip, not a TCP handshake each time. */
let agents: { 'http:': http.Agent; 'https:': https.Agent } | undefined;
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const QUERY_TIMEOUT_MS = 30_000;

/** Posts an encrypted query to a worker over Node.js http(s) (the default transport). */
export const nodePost: WorkerPost = (url, body) => {
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (transport === undefined) {
    return Promise.reject(new PhalanxError('INVALID_INPUT', `a worker endpoint must be http(s), got ${url.protocol}`));
  }
  // Made on first use, so loading the SDK (in a browser, too) creates no Node.js agents.
  agents ??= { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  const agent = agents[url.protocol as 'http:' | 'https:'];
  return new Promise((resolve, reject) => {
    const fail = (cause: unknown) =>
      reject(new PhalanxError('CONNECTION', `cannot reach the worker at ${url.origin}`, { cause }));
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent,
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
};
