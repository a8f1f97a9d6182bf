// Serves the explorer: the static bundle (dist/web), its config (which node to talk to), and a
// relay to workers — a query posted by the page, or a look at a host's public /info (is its
// pRuntime halted?), goes to that worker's endpoint as registered on chain (a worker's host serves
// no CORS, and the relay forwards to nothing else). A query is sealed in the browser: this server
// only ever sees its ciphertext.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { connect, type PhalanxClient, workerQueryTarget } from '@phalanx/sdk';

export interface ExplorerOptions {
  /** The node the page talks to (from the browser: it must be reachable from there). */
  readonly rpc: string;
  /** 0: any free port. */
  readonly port: number;
  readonly host?: string;
  /** Blocks the page keeps in memory (default 500). */
  readonly window?: number;
}

export interface ExplorerServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Where the built page is (packages/explorer/dist/web). */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
const MAX_QUERY_BYTES = 1024 * 1024;

export function bundleBuilt(): boolean {
  return existsSync(join(WEB_DIR, 'index.html'));
}

function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_QUERY_BYTES) request.destroy(new PhalanxError('INVALID_INPUT', 'a query is at most 1 MiB'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

export async function startExplorer(options: ExplorerOptions): Promise<ExplorerServer> {
  let client: Promise<PhalanxClient> | undefined;
  const chain = () => {
    client ??= connect(options.rpc).catch((error) => {
      client = undefined;
      throw error;
    });
    return client;
  };
  /** POST /api/worker-query/ID → the worker's /query; GET /api/worker-info/ID → its public /info. */
  const relay = async (request: IncomingMessage, response: ServerResponse, workerHex: string, what: 'query' | 'info') => {
    try {
      const body = what === 'query' ? await readBody(request) : undefined;
      const target = await workerQueryTarget(await chain(), fromHex(workerHex, 'worker', 32));
      const answer = await fetch(new URL(what === 'query' ? '/query' : '/info', target.endpoint), {
        method: what === 'query' ? 'POST' : 'GET',
        headers: { 'content-type': 'application/octet-stream' },
        ...(body === undefined ? {} : { body: body as unknown as BodyInit }),
        signal: AbortSignal.timeout(what === 'query' ? 30_000 : 3_000),
      });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'CONNECTION', message: `cannot reach the worker: ${(error as Error).message}` }));
    }
  };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const query = /^\/api\/worker-query\/(0x[0-9a-fA-F]{64})$/.exec(path);
    if (request.method === 'POST' && query !== null) return void relay(request, response, query[1] as string, 'query');
    const info = /^\/api\/worker-info\/(0x[0-9a-fA-F]{64})$/.exec(path);
    if (request.method === 'GET' && info !== null) return void relay(request, response, info[1] as string, 'info');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ rpc: options.rpc, ...(options.window === undefined ? {} : { window: options.window }) }));
      return;
    }
    const file = normalize(join(WEB_DIR, path === '/' ? 'index.html' : path));
    if (!file.startsWith(WEB_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      const missing = !bundleBuilt();
      response.writeHead(missing ? 503 : 404, { 'content-type': 'text/plain' });
      response.end(missing ? 'the explorer is not built: run npm run build' : 'not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}/`,
    async close() {
      // Close the browser's open connections first: server.close waits for them, and a page that
      // is still open (polling a worker's /info through the relay) would keep it waiting forever.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await (await client?.catch(() => undefined))?.close();
    },
  };
}
