// What one RPC client may hold in the node's memory, over real sockets: WebSocket clients that
// pipeline heavy requests and never read (item 5 of issue 10), HTTP clients that never finish their
// bodies or headers (item 6). Verdicts come from what clients receive and from the node's own
// accounting (`RpcServer.stats()`); waits are bounded polls and socket events, never durations.
import assert from 'node:assert/strict';
import { type Socket, connect as tcpConnect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, utf8 } from '@phalanx/crypto';
import { UNIT } from '@phalanx/runtime';
import WebSocket from 'ws';
import { createMethods } from '../src/rpc/methods.js';
import { type RpcLimits, type RpcServer, startRpcServer } from '../src/rpc/server.js';
import { dev, httpCall, openChain, removeDir, type TestChain, tempDir, WsClient } from './helpers.js';

/** One page of 1000 pairs of this chain's state is ~240 KB of JSON. */
const HEAVY = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'state_getPairsPaged', params: [null, 1000] });
const KiB = 1024;

let chain: TestChain;
const dir = tempDir('rpc-limits');
const servers: RpcServer[] = [];

before(async () => {
  await cryptoReady();
  const base = dev();
  const extra = Array.from({ length: 1500 }, (_, i) => [blake2_256(utf8(`limits-${i}`)), UNIT] as const);
  chain = await openChain(dir, { genesis: { ...base, chainName: 'Limits', balances: [...base.balances, ...extra] } });
});

after(async () => {
  for (const server of servers) await server.close();
  await chain?.close();
  removeDir(dir);
});

async function server(limits: Partial<RpcLimits>): Promise<RpcServer> {
  const started = await startRpcServer({ host: '127.0.0.1', port: 0, methods: createMethods(chain.chain), limits });
  servers.push(started);
  return started;
}

/** Polls `condition` until it holds; fails (instead of hanging) after a generous bound. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** A WebSocket that never reads: the kernel buffers fill, then the node's queue. Counts what it got once resumed. */
async function nonReader(port: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const raw = (socket as unknown as { _socket: Socket })._socket;
  raw.pause();
  let answers = 0;
  socket.on('message', () => answers++);
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  return {
    send: (count: number) => {
      for (let id = 1; id <= count; id++) socket.send(HEAVY(id));
    },
    /** Starts reading and resolves when the node's close arrives, with the answers read before it. */
    drain: async () => {
      raw.resume();
      return { code: await closed, answers };
    },
  };
}

describe('WebSocket clients that do not read', () => {
  test('a client pipelining heavy requests and never reading is cut off; its queue stays under the cap', async () => {
    const limits = { maxBufferedBytes: 1024 * KiB, maxInFlightPerConnection: 8 };
    const rpc = await server(limits);
    const client = await nonReader(rpc.port);
    client.send(400); // ~96 MB of answers if all were queued
    await until(() => rpc.stats().webSocketConnectionsDropped === 1, 'the node cut the connection off');
    const stats = rpc.stats();
    assert.ok(stats.peakWebSocketQueuedBytes <= limits.maxBufferedBytes, `queued ${stats.peakWebSocketQueuedBytes}`);
    assert.ok(stats.peakWebSocketQueuedBytes > limits.maxBufferedBytes / 2, 'the queue did fill before the cut');
    assert.ok(stats.peakRequestsPerConnection <= limits.maxInFlightPerConnection, `took ${stats.peakRequestsPerConnection}`);
    const { code, answers } = await client.drain();
    assert.equal(code, 1006, 'cut off at once: a close frame would wait behind the unread data');
    assert.ok(answers < 400, `the client got ${answers} answers: the rest were never queued`);
    await until(() => rpc.stats().webSocketConnections === 0 && rpc.stats().requestsInFlight === 0, 'nothing is left');
    assert.equal(rpc.stats().webSocketQueuedBytes, 0);
  });

  test('the node-wide cap on unsent bytes cuts off the connections holding the most', async () => {
    const limits = { maxBufferedBytes: 1024 * KiB, maxBufferedBytesTotal: 1536 * KiB, maxInFlightPerConnection: 4 };
    const rpc = await server(limits);
    const clients = await Promise.all([nonReader(rpc.port), nonReader(rpc.port), nonReader(rpc.port)]);
    for (const client of clients) client.send(60);
    await until(() => rpc.stats().webSocketConnectionsDropped === 3, 'all three were cut off');
    const stats = rpc.stats();
    assert.ok(stats.peakWebSocketQueuedBytesTotal <= limits.maxBufferedBytesTotal, `all: ${stats.peakWebSocketQueuedBytesTotal}`);
    assert.ok(stats.peakWebSocketQueuedBytes <= limits.maxBufferedBytes, `one: ${stats.peakWebSocketQueuedBytes}`);
    for (const client of clients) assert.equal((await client.drain()).code, 1006);
  });

  test('a client that pipelines past the in-flight cap but reads gets every answer (reading pauses, then resumes)', async () => {
    const rpc = await server({ maxInFlightPerConnection: 4 });
    const ws = await WsClient.connect(rpc.port);
    try {
      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) => ws.request<{ pairs: unknown[] }>('state_getPairsPaged', [null, 1 + (i % 50)])),
      );
      assert.deepEqual(
        answers.map((answer) => answer.pairs.length),
        answers.map((_, i) => 1 + (i % 50)),
      );
      const stats = rpc.stats();
      assert.ok(stats.peakRequestsPerConnection <= 4, `took ${stats.peakRequestsPerConnection} at once`);
      assert.equal(stats.webSocketConnectionsDropped, 0);
    } finally {
      await ws.close();
    }
  });

  test('an answer larger than a connection may queue is replaced by an error naming the limit (WebSocket and HTTP)', async () => {
    const rpc = await server({ maxBufferedBytes: 64 * KiB });
    const ws = await WsClient.connect(rpc.port);
    try {
      const response = await ws.call('state_getPairsPaged', [null, 1000]);
      assert.equal(response.error?.data?.code, 'RPC_INVALID_REQUEST');
      assert.match(response.error?.message ?? '', /more than the \d+ allowed: ask for less/);
      const small = await ws.request<{ pairs: unknown[] }>('state_getPairsPaged', [null, 10]);
      assert.equal(small.pairs.length, 10, 'the connection is still served');
    } finally {
      await ws.close();
    }
    const http = await httpCall(rpc.port, HEAVY(7));
    assert.equal(http.status, 200);
    assert.equal((http.body as { id: number; error: { data: { code: string } } }).id, 7);
    assert.equal((http.body as { error: { data: { code: string } } }).error.data.code, 'RPC_INVALID_REQUEST');
  });
});

/** A raw HTTP request whose body stops short of its Content-Length; resolves with the status the node sends. */
function unfinishedPost(port: number, contentLength: number, sent: Buffer): { status: Promise<number>; socket: Socket } {
  const socket = tcpConnect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const status = new Promise<number>((resolve) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (match !== null) resolve(Number(match[1]));
    });
    socket.on('close', () => resolve(0));
  });
  socket.write(`POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`);
  socket.write(sent);
  return { status, socket };
}

describe('HTTP clients that do not finish', () => {
  test('200 unfinished POSTs: buffered body bytes never pass the node-wide cap; each gets 503 or 408', async () => {
    const limits = { maxRequestBytes: 256 * KiB, maxHttpBodyBytesTotal: 1024 * KiB, bodyIdleTimeoutMs: 300 };
    const rpc = await server(limits);
    const body = Buffer.alloc(200 * KiB, 0x20); // JSON whitespace, one shared buffer
    const posts = Array.from({ length: 200 }, () => unfinishedPost(rpc.port, limits.maxRequestBytes - 1, body));
    const statuses = await Promise.all(posts.map((post) => post.status));
    for (const post of posts) post.socket.destroy();
    const counts: Record<number, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    assert.deepEqual(Object.keys(counts).sort(), ['408', '503'], JSON.stringify(counts));
    const stats = rpc.stats();
    assert.ok(stats.peakHttpBodyBytes <= limits.maxHttpBodyBytesTotal, `buffered ${stats.peakHttpBodyBytes}`);
    assert.equal(stats.httpRefused.busy, counts[503]);
    assert.equal(stats.httpRefused.timedOut, counts[408]);
    await until(() => rpc.stats().httpBodyBytes === 0 && rpc.stats().httpRequests === 0, 'every body was released');
    assert.equal((await httpCall(rpc.port, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_chain' }))).status, 200);
  });

  test('past maxHttpRequests a request gets 503 with retry-after; once they finish, requests are served again', async () => {
    const rpc = await server({ maxHttpRequests: 4 });
    const request = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_chain' }));
    const holding = Array.from({ length: 4 }, () => unfinishedPost(rpc.port, request.length, request.subarray(0, 10)));
    await until(() => rpc.stats().httpRequests === 4, 'four requests are being received');
    const refused = await httpCall(rpc.port, request);
    assert.equal(refused.status, 503);
    assert.match(refused.text, /limit 4/);
    for (const post of holding) post.socket.write(request.subarray(10));
    assert.deepEqual(await Promise.all(holding.map((post) => post.status)), [200, 200, 200, 200]);
    for (const post of holding) post.socket.destroy();
    await until(() => rpc.stats().httpRequests === 0, 'the four were answered');
    assert.equal((await httpCall(rpc.port, request)).status, 200);
  });

  test('a declared Content-Length over the cap gets 413 before any body is read', async () => {
    const rpc = await server({ maxRequestBytes: 64 * KiB });
    const post = unfinishedPost(rpc.port, 64 * KiB + 1, Buffer.alloc(0));
    assert.equal(await post.status, 413);
    post.socket.destroy();
    assert.equal(rpc.stats().peakHttpBodyBytes, 0);
  });

  test('slowloris: a client that never finishes its headers is answered 408 and disconnected', async () => {
    const rpc = await server({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const socket = tcpConnect(rpc.port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write('POST / HTTP/1.1\r\nHost: test\r\n'); // and never the rest
    await closed;
    assert.match(received, /^HTTP\/1\.1 408/);
  });
});
