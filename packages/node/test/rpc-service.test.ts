// The node service around the RPC server (start-up failures, interval sealing, restarts) and the
// per-connection subscription limit.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { extrinsicHash } from '@phalanx/primitives';
import { readAccount } from '@phalanx/runtime';
import { ChainDb } from '../src/db/chain-db.js';
import { silentLogger } from '../src/log.js';
import { startNode } from '../src/service.js';
import { calls, httpRpc, key, remarkTx, tempDir, tx } from './helpers.js';
import { client, dirs, expectError, type HeaderJson, manual, manualServer, node, ws } from './rpc-fixture.js';

describe('node service', () => {
  test('a second node on a port in use fails with CONNECTION and releases everything it opened', async () => {
    const dataDir = tempDir('rpc-port-taken');
    dirs.push(dataDir);
    await assert.rejects(
      startNode({
        dataDir,
        rpcPort: node.rpcPort,
        authorUri: '//Alice',
        seal: { kind: 'interval', intervalMs: 1000 },
        log: silentLogger,
        verifierThreads: 1,
      }),
      (error: unknown) => isPhalanxError(error, 'CONNECTION') && /already in use/.test(error.message),
    );
    // Its database was closed (the directory opens again) and the first node still answers.
    const db = await ChainDb.open(join(dataDir, 'chain'));
    assert.equal((await db.header((await db.bestHash()) as Uint8Array))?.number, 0);
    await db.close();
    assert.equal(await ws.request('system_chain'), 'Phalanx Development');
  });

  test('interval sealing produces (empty) blocks on its own', async () => {
    const dataDir = tempDir('rpc-interval');
    dirs.push(dataDir);
    const interval = await startNode({
      dataDir,
      rpcPort: 0,
      authorUri: '//Alice',
      seal: { kind: 'interval', intervalMs: 20 },
      log: silentLogger,
      verifierThreads: 1,
    });
    try {
      const c = await client(interval.rpcPort);
      const heads = await c.request<string>('chain_subscribeNewHeads');
      const seen: HeaderJson[] = [];
      while (seen.length < 3) seen.push(await c.next<HeaderJson>(heads));
      const [a, b, d] = seen as [HeaderJson, HeaderJson, HeaderJson];
      assert.equal(b.number, a.number + 1);
      assert.equal(d.parentHash, b.hash);
      assert.ok(d.timestamp > b.timestamp);
      const block = await c.request<{ block: { extrinsics: string[] } }>('chain_getBlock', [d.hash]);
      assert.deepEqual(block.block.extrinsics, []);
      await c.close();
    } finally {
      await interval.stop();
    }
  });

  test('a restarted node serves the same chain from its data directory', async () => {
    const dataDir = tempDir('rpc-restart');
    dirs.push(dataDir);
    const first = await startNode({ dataDir, rpcPort: 0, authorUri: '//Alice', log: silentLogger, verifierThreads: 1 });
    let best: string;
    try {
      const c = await client(first.rpcPort);
      const heads = await c.request<string>('chain_subscribeNewHeads');
      await c.next(heads);
      await c.request('author_submitExtrinsic', [toHex(remarkTx('Bob', 0))]);
      best = (await c.next<HeaderJson>(heads)).hash;
      await c.close();
    } finally {
      await first.stop();
    }
    const second = await startNode({ dataDir, rpcPort: 0, log: silentLogger, verifierThreads: 1 });
    try {
      assert.equal(await httpRpc(second.rpcPort, 'chain_getBlockHash').then((r) => r.result), best);
      assert.equal(
        await httpRpc(second.rpcPort, 'system_accountNextIndex', [toHex(key('Bob').publicKey)]).then((r) => r.result),
        1,
      );
    } finally {
      await second.stop();
    }
  });
});

describe('subscription limit per connection', () => {
  test('a third subscription is refused until one ends; each connection has its own budget', async () => {
    const c = await client(manualServer.port);
    const one = await c.request<string>('chain_subscribeNewHeads');
    await c.request<string>('chain_subscribeFinalizedHeads');
    expectError(await c.call('chain_subscribeNewHeads'), -32600, 'RPC_INVALID_REQUEST');
    // A watched submission over the limit is refused and does not enter the pool.
    const poolBefore = manual.chain.pool.size;
    const watched = remarkTx('Bob', 0, 'over the limit');
    expectError(await c.call('author_submitAndWatchExtrinsic', [toHex(watched)]), -32600, 'RPC_INVALID_REQUEST');
    assert.equal(manual.chain.pool.size, poolBefore);
    assert.ok(!manual.chain.pool.has(extrinsicHash(watched)));

    const other = await client(manualServer.port);
    await other.request('chain_subscribeNewHeads');
    await other.request('chain_subscribeNewHeads');

    assert.equal(await c.request('chain_unsubscribeNewHeads', [one]), true);
    const again = await c.request<string>('author_submitAndWatchExtrinsic', [toHex(watched)]);
    assert.equal(await c.next(again), 'ready');
    assert.ok(manual.chain.pool.has(extrinsicHash(watched)));
  });

  test('a watch ends by itself at its final status, freeing its slot', async () => {
    const c = await client(manualServer.port);
    const subs = [
      await c.request<string>('author_submitAndWatchExtrinsic', [toHex(remarkTx('Charlie', 0))]),
      await c.request<string>('author_submitAndWatchExtrinsic', [toHex(remarkTx('Dave', 0))]),
    ];
    expectError(await c.call('chain_subscribeNewHeads'), -32600, 'RPC_INVALID_REQUEST');
    const block = await manual.chain.produceBlock();
    assert.ok(block !== undefined);
    for (const sub of subs) {
      assert.equal(await c.next(sub), 'ready');
      assert.deepEqual(await c.next(sub), { inBlock: toHex(block.hash) });
      assert.deepEqual(await c.next(sub), { finalized: toHex(block.hash) });
    }
    const heads = await c.request<string>('chain_subscribeNewHeads');
    assert.equal((await c.next<HeaderJson>(heads)).hash, toHex(block.hash));
    assert.equal(await c.request('author_unwatchExtrinsic', [subs[0]]), false);
  });

  test('a watched transaction that becomes invalid is reported and its watch ends', async () => {
    const c = await client(manualServer.port);
    const eve = key('Eve').publicKey;
    const free = readAccount(manual.chain.bestState.flat, eve).free;
    const first = await c.request<string>('author_submitAndWatchExtrinsic', [
      toHex(tx('Eve', 0, calls.transfer(key('Ferdie').publicKey, free / 2n))),
    ]);
    // Admitted against the current balance, but after the first transfer it cannot be paid.
    const second = await c.request<string>('author_submitAndWatchExtrinsic', [
      toHex(tx('Eve', 1, calls.transfer(key('Ferdie').publicKey, free / 2n), { tip: free / 2n })),
    ]);
    const block = await manual.chain.produceBlock();
    assert.ok(block !== undefined);
    assert.equal(await c.next(first), 'ready');
    assert.deepEqual(await c.next(first), { inBlock: toHex(block.hash) });
    assert.equal(await c.next(second), 'ready');
    const invalid = await c.next<Record<string, string>>(second);
    assert.deepEqual(Object.keys(invalid), ['invalid']);
    assert.equal(await c.request('author_unwatchExtrinsic', [second]), false);
  });
});
