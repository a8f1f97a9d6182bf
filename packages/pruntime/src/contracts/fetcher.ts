import { PhalanxError } from '@phalanx/errors';
import type { FetchOptions, FetchResponse } from './engine.js';
import { CONTRACT_LIMITS } from './limits.js';

export type Fetcher = (url: string, options: FetchOptions) => Promise<FetchResponse>;

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH']);

/**
 * `ctx.http.fetch` for queries: http(s) only, a time limit, a response-size cap, no redirects
 * followed silently (a contract sees the 3xx). Requests leave from inside the enclave; in a real
 * TEE the TLS session ends there too, so the host sees ciphertext only.
 */
export function networkFetcher(
  limits = { timeoutMs: CONTRACT_LIMITS.fetchTimeoutMs, maxBytes: CONTRACT_LIMITS.fetchBytes },
): Fetcher {
  return async (url, options) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new PhalanxError('INVALID_INPUT', 'ctx.http.fetch: not a valid URL');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new PhalanxError('INVALID_INPUT', 'ctx.http.fetch: only http and https URLs are allowed');
    }
    const method = (options.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw new PhalanxError('INVALID_INPUT', `ctx.http.fetch: method ${method} is not allowed`);
    if ((options.body?.length ?? 0) > CONTRACT_LIMITS.ioBytes) {
      throw new PhalanxError('INVALID_INPUT', 'ctx.http.fetch: the request body is larger than 64 KiB');
    }
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: options.headers ?? {},
        ...(options.body === undefined ? {} : { body: options.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(limits.timeoutMs),
      });
    } catch {
      throw new PhalanxError('CONNECTION', `ctx.http.fetch: the request failed or took longer than ${limits.timeoutMs} ms`);
    }
    const reader = response.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (reader !== undefined) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limits.maxBytes) {
        await reader.cancel();
        throw new PhalanxError('INVALID_INPUT', `ctx.http.fetch: the response is larger than ${limits.maxBytes} bytes`);
      }
      chunks.push(value);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, body: Buffer.concat(chunks).toString('utf8') };
  };
}
