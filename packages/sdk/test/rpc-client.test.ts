// The RPC client tells a subscription when its connection ends, so callers waiting for a
// notification (inclusion, a receipt) fail at once instead of hanging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { RpcClient } from '../src/rpc-client.js';

describe('RpcClient subscriptions', () => {
  it('calls onEnd with a CONNECTION error when the node goes away', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const request = JSON.parse(String(data)) as { id: number };
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: '0x01' }));
        setImmediate(() => socket.terminate()); // the node dies after accepting the subscription
      });
    });
    const { port } = server.address() as { port: number };
    const client = await RpcClient.connect(`ws://127.0.0.1:${port}`);
    const ended = new Promise<unknown>((resolve) => {
      void client.subscribe('chain_subscribeNewHeads', [], 'chain_unsubscribeNewHeads', () => undefined, resolve);
    });
    const error = (await ended) as { code?: string };
    assert.equal(error.code, 'CONNECTION');
    await client.close();
    server.close();
  });
});
