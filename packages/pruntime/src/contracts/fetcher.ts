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

function isPrivateV4(a: number, b: number): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return true;
  return (
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** The 16 bytes of an IPv6 address in any textual form (`::`, embedded dotted IPv4), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted !== null) {
    const v4 = (dotted[1] as string).split('.').map(Number);
    if (v4.some((n) => n > 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] as string).split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail].map((g) => Number.parseInt(g, 16));
  if (groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return undefined;
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * Loopback, private, shared, link-local (cloud metadata), unique-local, unspecified and multicast
 * addresses — also when an IPv4 one hides inside IPv6 (mapped, compatible, NAT64, 6to4).
 */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return isPrivateV4(a, b);
  }
  const x = ipv6Bytes(address);
  if (x === undefined) return true; // not understood: refuse
  const zero = (from: number, to: number) => x.slice(from, to).every((byte) => byte === 0);
  const v4At = (i: number) => isPrivateV4(x[i] ?? 0, x[i + 1] ?? 0);
  if (zero(0, 10) && x[10] === 0xff && x[11] === 0xff) return v4At(12); // ::ffff:a.b.c.d
  if (zero(0, 12)) return true; // ::, ::1 and the deprecated ::a.b.c.d
  if (x[0] === 0x00 && x[1] === 0x64 && x[2] === 0xff && x[3] === 0x9b && zero(4, 12)) return v4At(12); // NAT64
  if (x[0] === 0x20 && x[1] === 0x02) return v4At(2); // 6to4
  const first = x[0] ?? 0;
  return first === 0xff || (first & 0xfe) === 0xfc || (first === 0xfe && ((x[1] ?? 0) & 0xc0) === 0x80);
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
      const resolving = lookup(host, { all: true }).catch(() => []);
      const timeout = new Promise<[]>((resolve) => setTimeout(() => resolve([]), 2_000).unref());
      const addresses = isIP(host) !== 0 ? [host] : (await Promise.race([resolving, timeout])).map((a) => a.address);
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
