// The client of CometBFT's JSON-RPC: calls made in one turn go as one JSON-RPC batch (one HTTP
// request), each caller getting its own result or error; a batch of one, which CometBFT answers
// with a bare object, works too; an unreachable RPC is a CONNECTION error naming it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, describe, test } from 'node:test';
import { CometbftRpc } from '../src/cometbft/cometbft-rpc.js';
import { rejectsWith } from './helpers.js';

type Call = { id: number; method: string; params: { n?: number } };

/** A stand-in for CometBFT's RPC: answers `echo` with its `n`, `fail` with an error; bare object for a batch of one. */
async function fakeRpc(): Promise<{ server: Server; url: string; posts: unknown[] }> {
  const posts: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as Call | Call[];
      posts.push(parsed);
      const answer = (call: Call) =>
        call.method === 'fail'
          ? {
              jsonrpc: '2.0',
              id: call.id,
              error: { code: -32603, message: 'Internal error', data: 'tx already exists in cache' },
            }
          : { jsonrpc: '2.0', id: call.id, result: { n: call.params.n } };
      const calls = Array.isArray(parsed) ? parsed : [parsed];
      if (calls.some((call) => call.method === 'refuse')) {
        // As CometBFT refuses a whole batch (e.g. over its max_request_batch_size): one reply, no id.
        response.end(
          JSON.stringify({ jsonrpc: '2.0', error: { code: -32600, message: 'Invalid Request', data: 'batch refused' } }),
        );
        return;
      }
      const answers = calls.map(answer);
      response.end(JSON.stringify(answers.length === 1 ? answers[0] : answers.reverse()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, posts };
}

describe('CometBFT RPC client', () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });

  test('calls in one turn go as one batch; each caller gets its own answer, whatever the order', async () => {
    const { server, url, posts } = await fakeRpc();
    servers.push(server);
    const rpc = new CometbftRpc(url);
    const results = await Promise.allSettled([
      rpc.batched<{ n: number }>('echo', { n: 1 }),
      rpc.batched<{ n: number }>('fail', {}),
      rpc.batched<{ n: number }>('echo', { n: 3 }),
    ]);
    assert.equal(posts.length, 1, 'one HTTP request');
    assert.equal((posts[0] as unknown[]).length, 3);
    assert.deepEqual(results[0], { status: 'fulfilled', value: { n: 1 } });
    assert.equal(results[1]?.status, 'rejected');
    assert.match(String((results[1] as PromiseRejectedResult).reason.message), /already exists in cache/);
    assert.deepEqual(results[2], { status: 'fulfilled', value: { n: 3 } });
    assert.deepEqual(await rpc.batched('echo', { n: 7 }), { n: 7 }, 'a batch of one, answered with a bare object');
    assert.deepEqual(await rpc.call('echo', { n: 8 }), { n: 8 });
  });

  test('more calls than one batch may hold go in several; a refused batch fails each of its calls', async () => {
    const { server, url, posts } = await fakeRpc();
    servers.push(server);
    const rpc = new CometbftRpc(url);
    const results = await Promise.all(Array.from({ length: 25 }, (_, n) => rpc.batched<{ n: number }>('echo', { n })));
    assert.deepEqual(
      results.map((r) => r.n),
      Array.from({ length: 25 }, (_, n) => n),
    );
    assert.deepEqual(
      posts.map((post) => (post as unknown[]).length),
      [10, 10, 5],
      "CometBFT's default batch limit",
    );
    const refused = await Promise.allSettled([rpc.batched('echo', { n: 1 }), rpc.batched('refuse', {})]);
    for (const result of refused) {
      assert.equal(result.status, 'rejected');
      assert.match(String((result as PromiseRejectedResult).reason.message), /batch refused/);
    }
  });

  test('an RPC that does not answer is a CONNECTION error naming it', async () => {
    const rpc = new CometbftRpc('http://127.0.0.1:9');
    await rejectsWith(rpc.batched('status'), 'CONNECTION', /127\.0\.0\.1:9 does not answer/);
  });
});
