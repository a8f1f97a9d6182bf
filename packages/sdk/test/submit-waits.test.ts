// Waits for inclusion are bounded, and a nonce the node refused is handed out again (issue 10 item
// 13). A scripted WebSocket server plays the node: it accepts a submission and never includes it,
// or refuses one, so the outcome does not depend on a real node's timing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cryptoReady, devKeypair, fromHex } from '@phalanx/crypto';
import { Extrinsic } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';
import { WebSocketServer } from 'ws';
import { connect } from '../src/client.js';

type Answer = { result: unknown } | { error: { code: number; message: string; data: { code: string } } };

/** A fake node: `submit` answers each author_submitAndWatchExtrinsic (given its nonce). */
async function fakeNode(submit: (nonce: number) => Answer) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const nonces: number[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: number; method: string; params: unknown[] };
      let answer: Answer;
      if (request.method === 'chain_getBlockHash') answer = { result: `0x${'11'.repeat(32)}` };
      else if (request.method === 'system_chain') answer = { result: 'fake' };
      else if (request.method === 'system_accountNextIndex') answer = { result: 7 };
      else if (request.method === 'author_submitAndWatchExtrinsic') {
        const nonce = decode(Extrinsic, fromHex(request.params[0] as string, 'extrinsic')).nonce;
        nonces.push(nonce);
        answer = submit(nonce);
      } else answer = { result: true };
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, ...answer }));
    });
  });
  const { port } = server.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}`, nonces, close: () => server.close() };
}

const remark = { tag: 'System', value: { tag: 'remark', value: { remark: new Uint8Array([1]) } } } as const;

describe('submission waits and nonces', { timeout: 20_000 }, () => {
  it('a transaction never included ends in TIMEOUT, and the next one re-reads the nonce', async () => {
    await cryptoReady();
    const node = await fakeNode(() => ({ result: 'sub-1' })); // accepted, then silence
    const client = await connect(node.url);
    try {
      const alice = devKeypair('Alice');
      await assert.rejects(client.signAndSubmit(alice, remark, { timeoutMs: 200 }), { code: 'TIMEOUT' });
      await assert.rejects(client.signAndSubmit(alice, remark, { timeoutMs: 200 }), { code: 'TIMEOUT' });
      // The first may still be in the pool: the client asks the node again rather than count on.
      assert.deepEqual(node.nonces, [7, 7]);
    } finally {
      await client.close();
      node.close();
    }
  });

  it('a nonce the node refused (fee) is free again for the next transaction', async () => {
    await cryptoReady();
    let refuse = true;
    const node = await fakeNode(() => {
      if (!refuse) return { result: 'sub-2' };
      refuse = false;
      return { error: { code: -32022, message: 'cannot pay the fee', data: { code: 'TX_PAYMENT' } } };
    });
    const client = await connect(node.url);
    try {
      const bob = devKeypair('Bob');
      await assert.rejects(client.signAndSubmit(bob, remark, { timeoutMs: 200 }), { code: 'TX_PAYMENT' });
      await assert.rejects(client.signAndSubmit(bob, remark, { timeoutMs: 200 }), { code: 'TIMEOUT' });
      assert.deepEqual(node.nonces, [7, 7]);
    } finally {
      await client.close();
      node.close();
    }
  });
});
