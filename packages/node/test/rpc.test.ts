// JSON-RPC over a real WebSocket and real HTTP POST. A full node (startNode: instant seal,
// //Alice) answers every method; a second server over a chain the test drives by hand covers the
// pending nonce and the per-connection subscription limit. Waits are for notifications, never
// for time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromHex, toHex, toSs58 } from '@phalanx/crypto';
import { rpcErrorCode } from '@phalanx/errors';
import { extrinsicHash, verifyProof } from '@phalanx/primitives';
import { AccountInfo, EventRecords, readAccount, System, UNIT } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';
import { DEFAULT_RPC_LIMITS } from '../src/rpc/server.js';
import { calls, devGenesisHash, httpCall, httpRpc, key, type RpcResponse, remarkTx, tx } from './helpers.js';

import { aliceTransfer, client, expectError, type HeaderJson, manual, manualServer, node, ws } from './rpc-fixture.js';

describe('RPC methods', () => {
  test('system_* and state_getRuntimeVersion', async () => {
    assert.equal(await ws.request('system_chain'), 'Phalanx Development');
    assert.equal(await ws.request('system_name'), 'phalanx-node');
    assert.equal(typeof (await ws.request('system_version')), 'string');
    assert.deepEqual(await ws.request('system_health'), { peers: 0, isSyncing: false, shouldHavePeers: false });
    assert.deepEqual(await ws.request('system_properties'), { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'PHA' });
    assert.deepEqual(await ws.request('state_getRuntimeVersion'), { specName: 'phalanx', specVersion: 1 });
  });

  test('genesis and unknown blocks through chain_getBlockHash / getHeader / getBlock', async () => {
    const genesis = await ws.request<string>('chain_getBlockHash', [0]);
    assert.equal(genesis, toHex(devGenesisHash()));
    const header = await ws.request<HeaderJson>('chain_getHeader', [genesis]);
    assert.equal(header.number, 0);
    assert.equal(header.hash, genesis);
    assert.equal(header.parentHash, toHex(new Uint8Array(32)));
    const block = await ws.request<{ block: { header: HeaderJson; extrinsics: string[] }; justifications: null }>(
      'chain_getBlock',
      [0],
    );
    assert.deepEqual(block, { block: { header, extrinsics: [] }, justifications: null });
    assert.equal(await ws.request('chain_getBlockHash', ['0x0']), genesis, 'a hex number is accepted');
    const unknown = toHex(new Uint8Array(32).fill(0xab));
    assert.equal(await ws.request('chain_getHeader', [unknown]), null);
    assert.equal(await ws.request('chain_getBlock', [unknown]), null);
    assert.equal(await ws.request('phalanx_getBlockWithChanges', [unknown]), null);
    assert.equal(await ws.request('chain_getBlockHash', [4_000_000_000]), null);
    expectError(await ws.call('chain_getBlockHash', [-1]), -32602, 'INVALID_INPUT');
    expectError(await ws.call('chain_getHeader', ['0x1234']), -32602, 'INVALID_INPUT');
  });

  test('author_submitAndWatchExtrinsic: ready → inBlock → finalized, then the block is everywhere', async () => {
    const nonce = await ws.request<number>('system_accountNextIndex', [toHex(key('Alice').publicKey)]);
    const bytes = tx('Alice', nonce, calls.transfer(key('Bob').publicKey, 5n * UNIT));
    const sub = await ws.request<string>('author_submitAndWatchExtrinsic', [toHex(bytes)]);
    assert.match(sub, /^0x[0-9a-f]+$/);
    assert.equal(await ws.next(sub), 'ready');
    const inBlock = await ws.next<{ inBlock: string }>(sub);
    assert.deepEqual(Object.keys(inBlock), ['inBlock']);
    assert.deepEqual(await ws.next(sub), { finalized: inBlock.inBlock });
    assert.equal(await ws.request('author_unwatchExtrinsic', [sub]), false, 'a final status ended the subscription');

    const hash = inBlock.inBlock;
    const block = await ws.request<{ block: { header: HeaderJson; extrinsics: string[] } }>('chain_getBlock', [hash]);
    assert.ok(block.block.extrinsics.includes(toHex(bytes)));
    assert.deepEqual(await ws.request('chain_getHeader', [hash]), block.block.header);
    assert.deepEqual(await ws.request('chain_getHeader'), block.block.header, 'the best block');
    assert.equal(await ws.request('chain_getBlockHash', [block.block.header.number]), hash);
    assert.equal(await ws.request('chain_getBlockHash'), hash, 'no number: the best block');
    assert.equal(await ws.request('chain_getFinalizedHead'), hash);
    assert.equal(block.block.header.author, toHex(key('Alice').publicKey));
    assert.equal(await ws.request('system_accountNextIndex', [toHex(key('Alice').publicKey)]), nonce + 1);

    const withChanges = await ws.request<{
      block: { header: HeaderJson; extrinsics: string[] };
      changes: [string, string | null][];
      events: string;
    }>('phalanx_getBlockWithChanges', [hash]);
    assert.deepEqual(withChanges.block, block.block);
    const stored = await node.chain.db.changes(fromHex(hash));
    assert.deepEqual(
      withChanges.changes,
      stored?.map(([k, v]) => [toHex(k), v === undefined ? null : toHex(v)]),
    );
    const events = decode(EventRecords, fromHex(withChanges.events));
    assert.deepEqual(events, await node.chain.db.events(fromHex(hash)));
    assert.ok(events.some((r) => r.event.tag === 'Balances' && r.event.value.tag === 'Transfer'));
  });

  test('author_submitExtrinsic answers the extrinsic hash', async () => {
    const heads = await ws.request<string>('chain_subscribeNewHeads');
    const current = await ws.next<HeaderJson>(heads);
    const nonce = await ws.request<number>('system_accountNextIndex', [toHex(key('Charlie').publicKey)]);
    const bytes = remarkTx('Charlie', nonce);
    assert.equal(await ws.request('author_submitExtrinsic', [toHex(bytes)]), toHex(extrinsicHash(bytes)));
    const next = await ws.next<HeaderJson>(heads);
    assert.equal(next.number, current.number + 1);
    const block = await ws.request<{ block: { extrinsics: string[] } }>('chain_getBlock', [next.hash]);
    assert.deepEqual(block.block.extrinsics, [toHex(bytes)]);
    assert.equal(await ws.request('chain_unsubscribeNewHeads', [heads]), true);
  });

  test('chain_subscribeNewHeads / FinalizedHeads: current head first, then each block; unsubscribe stops them', async () => {
    const first = await ws.request<string>('chain_subscribeNewHeads');
    const start = await ws.next<HeaderJson>(first);
    assert.equal(start.hash, await ws.request('chain_getBlockHash'));
    const second = await ws.request<string>('chain_subscribeNewHeads');
    assert.notEqual(second, first);
    assert.deepEqual(await ws.next(second), start);
    const finalized = await ws.request<string>('chain_subscribeFinalizedHeads');
    assert.deepEqual(await ws.next(finalized), start);

    const { block } = await aliceTransfer();
    const one = await ws.next<HeaderJson>(first);
    assert.equal(one.hash, block);
    assert.equal(one.number, start.number + 1);
    assert.equal(one.parentHash, start.hash);
    assert.deepEqual(await ws.next(second), one);
    assert.deepEqual(await ws.next(finalized), one);

    assert.equal(await ws.request('chain_unsubscribeNewHeads', [first]), true);
    assert.equal(await ws.request('chain_unsubscribeNewHeads', [first]), false);
    assert.equal(await ws.request('chain_unsubscribeFinalizedHeads', [finalized]), true);
    const { block: nextBlock } = await aliceTransfer();
    // `second` is notified after where `first` would have been (same socket, same listener order).
    assert.equal((await ws.next<HeaderJson>(second)).hash, nextBlock);
    assert.deepEqual(ws.pending(first), []);
    assert.deepEqual(ws.pending(finalized), []);
    assert.equal(await ws.request('chain_unsubscribeNewHeads', [second]), true);
    expectError(await ws.call('chain_unsubscribeNewHeads', []), -32602, 'INVALID_INPUT');
  });

  test('state_getStorage at the best block, at an older block, and for an absent key', async () => {
    const bob = key('Bob').publicKey;
    const storageKey = toHex(System.Account.keyOf(bob));
    const now = await ws.request<string>('state_getStorage', [storageKey]);
    assert.deepEqual(decode(AccountInfo, fromHex(now)), readAccount(node.chain.bestState.flat, bob));
    const atGenesis = await ws.request<string>('state_getStorage', [storageKey, toHex(devGenesisHash())]);
    assert.deepEqual(decode(AccountInfo, fromHex(atGenesis)), { nonce: 0, free: 1_000_000n * UNIT, reserved: 0n });
    assert.notEqual(now, atGenesis);
    assert.equal(await ws.request('state_getStorage', [toHex(System.Account.keyOf(new Uint8Array(32).fill(5)))]), null);
    expectError(await ws.call('state_getStorage', ['zz']), -32602, 'INVALID_INPUT');
    expectError(await ws.call('state_getStorage', []), -32602, 'INVALID_INPUT');
    expectError(
      await ws.call('state_getStorage', [storageKey, toHex(new Uint8Array(32).fill(0xab))]),
      rpcErrorCode('NOT_FOUND'),
      'NOT_FOUND',
    );
  });

  test('state_getReadProof proves present and absent keys against the header’s state root', async () => {
    const present = System.Account.keyOf(key('Alice').publicKey);
    const absent = System.Account.keyOf(new Uint8Array(32).fill(6));
    for (const at of [undefined, toHex(devGenesisHash())]) {
      const { at: hash, proof } = await ws.request<{ at: string; proof: string[] }>(
        'state_getReadProof',
        at === undefined ? [[toHex(present), toHex(absent)]] : [[toHex(present), toHex(absent)], at],
      );
      const header = await ws.request<HeaderJson>('chain_getHeader', [hash]);
      const root = fromHex(header.stateRoot);
      const nodes = proof.map((p) => fromHex(p));
      const value = verifyProof(root, nodes, present);
      assert.ok(value !== undefined);
      assert.equal(toHex(value), await ws.request('state_getStorage', [toHex(present), hash]));
      assert.equal(verifyProof(root, nodes, absent), undefined);
      // The same proof says nothing about another root.
      assert.throws(() => verifyProof(new Uint8Array(32).fill(7), nodes, present));
    }
    expectError(await ws.call('state_getReadProof', [[]]), -32602, 'INVALID_INPUT');
    expectError(await ws.call('state_getReadProof', ['0x00']), -32602, 'INVALID_INPUT');
    expectError(await ws.call('state_getReadProof', [[42]]), -32602, 'INVALID_INPUT');
  });

  test('state_getKeysPaged and state_getPairsPaged page through a prefix in key order', async () => {
    const prefix = toHex(System.Account.prefix);
    const expected = [...node.chain.bestState.flat.entries()]
      .map(([k, v]) => [toHex(k), toHex(v)] as [string, string])
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    assert.ok(expected.length >= 6);
    const keys: string[] = [];
    let startKey: string | null = null;
    for (;;) {
      const page: string[] = await ws.request<string[]>('state_getKeysPaged', [prefix, 2, startKey]);
      assert.ok(page.length <= 2);
      keys.push(...page);
      if (page.length < 2) break;
      startKey = page[page.length - 1] as string;
    }
    assert.deepEqual(
      keys,
      expected.map(([k]) => k),
    );

    const pairs: [string, string][] = [];
    let at: string | null = null;
    startKey = null;
    for (;;) {
      const page: { at: string; pairs: [string, string][] } = await ws.request('state_getPairsPaged', [prefix, 4, startKey, at]);
      at = page.at;
      pairs.push(...page.pairs);
      if (page.pairs.length < 4) break;
      startKey = (page.pairs[page.pairs.length - 1] as [string, string])[0];
    }
    assert.deepEqual(pairs, expected);
    assert.equal(at, await ws.request('chain_getBlockHash'));
    // No prefix: the whole state, first page in key order.
    const all = await ws.request<string[]>('state_getKeysPaged', [null, 1000]);
    assert.equal(all.length, node.chain.bestState.flat.map.size);
    assert.deepEqual(all, [...all].sort());
    expectError(await ws.call('state_getKeysPaged', [prefix, 0]), -32602, 'INVALID_INPUT');
    expectError(await ws.call('state_getKeysPaged', [prefix, 1001]), -32602, 'INVALID_INPUT');
    expectError(await ws.call('state_getPairsPaged', [prefix]), -32602, 'INVALID_INPUT');
  });

  test('system_accountNextIndex counts contiguous pooled transactions (hex or SS58 account)', async () => {
    const c = await client(manualServer.port);
    const alice = key('Alice').publicKey;
    assert.equal(await c.request('system_accountNextIndex', [toHex(alice)]), 0);
    await c.request('author_submitExtrinsic', [toHex(remarkTx('Alice', 0))]);
    await c.request('author_submitExtrinsic', [toHex(remarkTx('Alice', 1))]);
    await c.request('author_submitExtrinsic', [toHex(remarkTx('Alice', 5))]); // future: not counted
    assert.equal(await c.request('system_accountNextIndex', [toHex(alice)]), 2);
    assert.equal(await c.request('system_accountNextIndex', [toSs58(alice)]), 2);
    await manual.chain.produceBlock();
    assert.equal(await c.request('system_accountNextIndex', [toHex(alice)]), 2);
    assert.equal(manual.chain.pool.size, 1);
    expectError(await c.call('system_accountNextIndex', ['0x1234']), -32602, 'INVALID_INPUT');
    expectError(await c.call('system_accountNextIndex', ['not-an-address']), rpcErrorCode('INVALID_ADDRESS'), 'INVALID_ADDRESS');
  });
});

describe('JSON-RPC protocol errors', () => {
  const transports: [string, (text: string) => Promise<unknown>][] = [
    [
      'WebSocket',
      async (text) => {
        ws.sendRaw(text);
        return ws.nextOrphan();
      },
    ],
    ['HTTP', async (text) => (await httpCall(node.rpcPort, text)).body],
  ];

  for (const [name, send] of transports) {
    test(`${name}: parse error, invalid request, method not found, invalid params, typed errors`, async () => {
      expectError((await send('{"jsonrpc": "2.0", "id": 1, "method": ')) as RpcResponse, -32700);
      expectError(
        (await send('{"jsonrpc":"1.0","id":"x","method":"system_chain"}')) as RpcResponse,
        -32600,
        'RPC_INVALID_REQUEST',
      );
      expectError(
        (await send('{"jsonrpc":"2.0","id":"x","method":"system_chain","params":{"a":1}}')) as RpcResponse,
        -32600,
        'RPC_INVALID_REQUEST',
      );
      expectError((await send('"just a string"')) as RpcResponse, -32600, 'RPC_INVALID_REQUEST');
      expectError(
        (await send('{"jsonrpc":"2.0","id":{"no":1},"method":"system_chain"}')) as RpcResponse,
        -32600,
        'RPC_INVALID_REQUEST',
      );
      const call = async (method: string, params: unknown[]) => {
        const response = (await (name === 'HTTP'
          ? httpRpc(node.rpcPort, method, params, 'id-7')
          : ws.call(method, params))) as RpcResponse;
        if (name === 'HTTP') assert.equal(response.id, 'id-7');
        return response;
      };
      expectError(await call('no_suchMethod', []), -32601);
      expectError(await call('__proto__', []), -32601);
      expectError(await call('chain_getBlockHash', ['twelve']), -32602, 'INVALID_INPUT');
      expectError(await call('author_submitExtrinsic', ['0xzz']), -32602, 'INVALID_INPUT');
      const valid = remarkTx('Dave', 0, 'sig');
      const badSignature = Uint8Array.from(valid);
      badSignature[40] = (badSignature[40] as number) ^ 1;
      const response = await call('author_submitExtrinsic', [toHex(badSignature)]);
      expectError(response, rpcErrorCode('BAD_SIGNATURE'), 'BAD_SIGNATURE');
      assert.equal(response.error?.code, -32012);
      expectError(await call('author_submitExtrinsic', [toHex(remarkTx('Alice', 0, `stale over ${name}`))]), -32020, 'TX_STALE');
      expectError(await call('author_submitExtrinsic', ['0x010203']), rpcErrorCode('TX_INVALID_CALL'), 'TX_INVALID_CALL');
      const stale = await call('author_submitExtrinsic', [toHex(remarkTx('Alice', 0, `details over ${name}`))]);
      assert.equal(typeof stale.error?.data?.details, 'object');
    });

    test(`${name}: batches answer each request in order and skip notifications`, async () => {
      const batch = [
        { jsonrpc: '2.0', id: 1, method: 'system_chain' },
        { jsonrpc: '2.0', id: 2, method: 'no_suchMethod' },
        { jsonrpc: '2.0', method: 'system_name' },
        { jsonrpc: '2.0', id: 3, method: 'chain_getBlockHash', params: [0] },
        { jsonrpc: '1.0', id: 4, method: 'system_chain' },
      ];
      const responses = (await send(JSON.stringify(batch))) as RpcResponse[];
      assert.ok(Array.isArray(responses));
      assert.deepEqual(
        responses.map((r) => r.id),
        [1, 2, 3, null],
      );
      assert.equal(responses[0]?.result, 'Phalanx Development');
      assert.equal(responses[1]?.error?.code, -32601);
      assert.equal(responses[2]?.result, toHex(devGenesisHash()));
      assert.equal(responses[3]?.error?.code, -32600);
      expectError((await send('[]')) as RpcResponse, -32600);
      const tooMany = Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'system_chain' }));
      expectError((await send(JSON.stringify(tooMany))) as RpcResponse, -32600);
      const hundred = (await send(JSON.stringify(tooMany.slice(0, 100)))) as RpcResponse[];
      assert.equal(hundred.length, 100);
    });
  }

  test('HTTP: a batch of notifications only gets an empty 200', async () => {
    const { status, text } = await httpCall(node.rpcPort, JSON.stringify([{ jsonrpc: '2.0', method: 'system_chain' }]));
    assert.equal(status, 200);
    assert.equal(text, '');
  });

  test('HTTP: GET is 405; subscriptions are refused', async () => {
    const get = await httpCall(node.rpcPort, '', 'GET');
    assert.equal(get.status, 405);
    expectError(get.body as RpcResponse, -32600);
    for (const method of ['chain_subscribeNewHeads', 'chain_subscribeFinalizedHeads']) {
      expectError(await httpRpc(node.rpcPort, method), -32600, 'RPC_INVALID_REQUEST');
    }
    const nonce = await httpRpc(node.rpcPort, 'system_accountNextIndex', [toHex(key('Eve').publicKey)]);
    const bytes = remarkTx('Eve', nonce.result as number, 'over http');
    expectError(await httpRpc(node.rpcPort, 'author_submitAndWatchExtrinsic', [toHex(bytes)]), -32600, 'RPC_INVALID_REQUEST');
    assert.equal(
      await ws.request('system_accountNextIndex', [toHex(key('Eve').publicKey)]),
      nonce.result,
      'the refused watch submitted nothing',
    );
  });

  test('a request larger than the cap: HTTP 413, WebSocket closed (1009)', async () => {
    const cap = DEFAULT_RPC_LIMITS.maxRequestBytes;
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'author_submitExtrinsic',
      params: [`0x${'00'.repeat(cap / 2 + 1024)}`],
    });
    assert.ok(big.length > cap && big.length < 2 * cap);
    const response = await httpCall(node.rpcPort, big);
    assert.equal(response.status, 413);
    expectError(response.body as RpcResponse, -32600);
    const victim = await client();
    victim.sendRaw(big);
    const { code } = await victim.closed;
    assert.equal(code, 1009);
    // The server is fine afterwards.
    assert.equal(await ws.request('system_chain'), 'Phalanx Development');
  });

  test('WebSocket: binary frames are refused', async () => {
    ws.sendRaw(Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_chain' })), { binary: true });
    expectError(await ws.nextOrphan(), -32600);
  });
});
