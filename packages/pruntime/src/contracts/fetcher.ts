import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
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
export interface FetcherOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /**
   * Allow loopback, private and link-local addresses (a local mock service in development). Off by
   * default: a contract anyone deployed must not read the worker's internal network or cloud metadata.
   */
  readonly allowPrivate?: boolean;
}

/** Loopback, private, shared, link-local, unique-local, unspecified and multicast addresses. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    if (a === 0 || a === 10 || a === 127 || a >= 224) return true;
    return (
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7));
  return v6 === '::' || v6 === '::1' || /^(fe[89ab]|fc|fd|ff)/.test(v6);
}

export function networkFetcher(fetcherOptions: FetcherOptions = {}): Fetcher {
  const limits = {
    timeoutMs: fetcherOptions.timeoutMs ?? CONTRACT_LIMITS.fetchTimeoutMs,
    maxBytes: fetcherOptions.maxBytes ?? CONTRACT_LIMITS.fetchBytes,
  };
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
    if (fetcherOptions.allowPrivate !== true) {
      // Checked on the resolved addresses (a name that resolves differently a moment later is a known gap: an egress proxy closes it).
      const host = target.hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
      if (addresses.length === 0) throw new PhalanxError('CONNECTION', `ctx.http.fetch: cannot resolve ${target.hostname}`);
      if (addresses.some(isPrivateAddress)) {
        throw new PhalanxError('INVALID_INPUT', 'ctx.http.fetch: private, loopback and link-local addresses are refused');
      }
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
