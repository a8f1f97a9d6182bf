// The explorer's server: the built page, its config, nothing outside the bundle, and a query relay
// that forwards only to a worker registered on chain.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ExplorerServer, startExplorer } from '../src/server/index.js';

describe('the explorer server', () => {
  let server: ExplorerServer;
  before(async () => {
    // No node behind it: the page's files and config need none; the relay reports it cannot reach one.
    server = await startExplorer({ rpc: 'ws://127.0.0.1:1', port: 0, window: 200 });
  });
  after(() => server.close());

  it('serves the built page and its config', async () => {
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /Phalanx explorer/);
    const config = await (await fetch(new URL('config.json', server.url))).json();
    assert.deepEqual(config, { rpc: 'ws://127.0.0.1:1', window: 200 });
    const examples = (await (await fetch(new URL('contracts/index.json', server.url))).json()) as { name: string }[];
    assert.ok(
      examples.some((e) => e.name === 'erc20'),
      'the example contracts are bundled',
    );
  });

  it('serves nothing outside the bundle, and only GET (and the relay) ', async () => {
    assert.equal((await fetch(new URL('/../../package.json', server.url))).status, 404);
    assert.equal((await fetch(new URL('/%2e%2e/%2e%2e/package.json', server.url))).status, 404);
    assert.equal((await fetch(new URL('/nope.js', server.url))).status, 404);
    assert.equal((await fetch(server.url, { method: 'PUT' })).status, 405);
    assert.equal(
      (await fetch(new URL('/api/worker-query/0x12', server.url), { method: 'POST' })).status,
      405,
      'a worker id is 32 bytes',
    );
  });

  it('relays a query only through the chain: without a node it refuses with CONNECTION', async () => {
    const response = await fetch(new URL(`/api/worker-query/0x${'ab'.repeat(32)}`, server.url), { method: 'POST', body: 'x' });
    assert.equal(response.status, 502);
    assert.equal(((await response.json()) as { code: string }).code, 'CONNECTION');
    const info = await fetch(new URL(`/api/worker-info/0x${'ab'.repeat(32)}`, server.url));
    assert.equal(info.status, 502);
  });
});
