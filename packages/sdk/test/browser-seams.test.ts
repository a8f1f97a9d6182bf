// What lets the SDK run in a browser: the WebSocket implementation and the worker-query transport
// are injectable (the explorer passes the browser's WebSocket and a fetch through its server),
// and loading the SDK creates no Node.js-only objects.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair } from '@phalanx/crypto';
import WebSocket, { WebSocketServer } from 'ws';
import { connect } from '../src/client.js';
import type { WebSocketLike } from '../src/rpc-client.js';
import { queryWorker } from '../src/worker-query.js';

const GENESIS = `0x${'11'.repeat(32)}`;

describe('SDK seams for the browser', () => {
  let server: WebSocketServer;
  let url: string;
  before(async () => {
    await cryptoReady();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) =>
      socket.on('message', (data) => {
        const { id, method } = JSON.parse(String(data)) as { id: number; method: string };
        const results: Record<string, unknown> = {
          chain_getBlockHash: GENESIS,
          system_chain: 'Phalanx Development',
          chain_getHeader: { number: 5, timestamp: Date.now(), hash: GENESIS },
        };
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, result: results[method] ?? null }));
      }),
    );
    url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  it('connects through an injected WebSocket constructor (the standard event API only)', async () => {
    const made: string[] = [];
    /** A standard-API socket, as a browser has: no `on`/`once`, no `terminate`. */
    class StandardSocket implements WebSocketLike {
      private readonly inner: WebSocket;
      constructor(target: string) {
        made.push(target);
        this.inner = new WebSocket(target);
      }
      get readyState() {
        return this.inner.readyState;
      }
      send(data: string) {
        this.inner.send(data);
      }
      close() {
        this.inner.close();
      }
      addEventListener(type: string, listener: (event: { data: unknown }) => void, options?: { once?: boolean }) {
        this.inner.addEventListener(type as 'message', listener as never, options);
      }
    }
    const client = await connect(url, { webSocket: StandardSocket });
    assert.deepEqual(made, [url]);
    assert.equal(client.chainName, 'Phalanx Development');
    assert.equal((await client.header())?.number, 5);
    await client.close();
  });

  it('posts worker queries through an injected transport, with the worker id, and reports its refusal', async () => {
    const posts: { url: string; bytes: number; worker: Uint8Array }[] = [];
    const client = await connect(url, {
      workerPost: async (target, body, worker) => {
        posts.push({ url: target.href, bytes: body.length, worker });
        return { status: 429, body: new TextEncoder().encode(JSON.stringify({ code: 'RATE_LIMITED', message: 'slow down' })) };
      },
    });
    const worker = new Uint8Array(32).fill(3);
    const known = { ecdhPubkey: devKeypair('Bob').publicKey, endpoint: 'http://worker.test:8000', chainId: new Uint8Array(32) };
    await assert.rejects(queryWorker(client, devKeypair('Alice'), worker, { method: 'ping', known }), {
      code: 'RATE_LIMITED',
      message: /slow down/,
    });
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.url, 'http://worker.test:8000/query');
    assert.deepEqual(posts[0]?.worker, worker);
    assert.ok((posts[0]?.bytes ?? 0) > 100, 'an encrypted envelope, not the clear query');
    await client.close();
  });
});
