// What `phalanx status` says about a worker whose host does not serve as it should, each over a
// real socket: nothing listening, another identity, a halted pRuntime, lagging, an oversized answer.
// (A real worker that stops and serves again: devnet.test.ts.)
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { PhalanxClient } from '@phalanx/sdk';
import { probeWorker } from '../src/commands/worker-probe.js';

const ID = new Uint8Array(32).fill(7);
const ID_HEX = `0x${'07'.repeat(32)}`;
/** The probes below never reach the ping query, the only step that needs a node. */
const noClient = undefined as unknown as PhalanxClient;

describe('status probe of one worker', () => {
  let server: Server;
  let endpoint: string;
  let answer: () => string;

  before(async () => {
    server = createServer((_, res) => res.end(answer()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  after(() => server.close());

  it('names what failed, before any query is sent', async () => {
    const probe = (head = 10) => probeWorker(noClient, ID, endpoint, head, 2000);
    answer = () => JSON.stringify({ identity: `0x${'08'.repeat(32)}`, best: 10, halted: null });
    assert.match((await probe()).problem ?? '', /another worker \(0x0808/);
    answer = () => JSON.stringify({ identity: ID_HEX, best: 10, halted: 'block 11 does not extend 10' });
    assert.match((await probe()).problem ?? '', /halted: block 11/);
    answer = () => JSON.stringify({ identity: ID_HEX, best: 3, halted: null });
    const behind = await probe(100);
    assert.deepEqual([behind.serving, behind.best], [false, 3]);
    assert.match(behind.problem ?? '', /catching up: at block #3 of #100/);
    answer = () => 'x'.repeat(2 * 1024 * 1024);
    assert.match((await probe()).problem ?? '', /larger than/);
    answer = () => 'not json';
    assert.match((await probe()).problem ?? '', /not JSON/);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await probeWorker(noClient, ID, `http://127.0.0.1:${port}`, 10, 2000);
    assert.equal(refused.serving, false);
    assert.match(refused.problem ?? '', /^CONNECTION: cannot reach its host .*ECONNREFUSED/);
    assert.match((await probeWorker(noClient, ID, null, 10, 2000)).problem ?? '', /no endpoint/);
  });
});
