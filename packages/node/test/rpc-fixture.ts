// The node and manual chain the RPC tests share: started before, stopped and removed after.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { silentLogger } from '../src/log.js';
import { createMethods } from '../src/rpc/methods.js';
import { type RpcServer, startRpcServer } from '../src/rpc/server.js';
import { type RunningNode, startNode } from '../src/service.js';
import { calls, key, openChain, type RpcResponse, removeDir, type TestChain, tempDir, tx, WsClient } from './helpers.js';

export interface HeaderJson {
  hash: string;
  parentHash: string;
  number: number;
  stateRoot: string;
  extrinsicsRoot: string;
  timestamp: number;
  author: string;
  seal: string;
}

export let node: RunningNode;
export let ws: WsClient;
export let manual: TestChain;
export let manualServer: RpcServer;
export const dirs: string[] = [];
const clients: WsClient[] = [];

export async function client(port = node.rpcPort): Promise<WsClient> {
  const c = await WsClient.connect(port);
  clients.push(c);
  return c;
}

/** Submits a transfer from Alice (at her pending nonce) and waits for its block via a watch. */
export async function aliceTransfer(amount = 1n): Promise<{ block: string; bytes: Uint8Array }> {
  const nonce = await ws.request<number>('system_accountNextIndex', [toHex(key('Alice').publicKey)]);
  const bytes = tx('Alice', nonce, calls.transfer(key('Bob').publicKey, amount));
  const sub = await ws.request<string>('author_submitAndWatchExtrinsic', [toHex(bytes)]);
  for (;;) {
    const status = await ws.next<string | Record<string, string>>(sub);
    if (typeof status === 'object' && status.inBlock !== undefined) {
      await ws.request('author_unwatchExtrinsic', [sub]);
      return { block: status.inBlock, bytes };
    }
  }
}

export function expectError(response: RpcResponse, code: number, dataCode?: string): void {
  assert.ok(response.error !== undefined, `expected an error, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, code, JSON.stringify(response.error));
  if (dataCode !== undefined) assert.equal(response.error.data?.code, dataCode);
  assert.equal(response.result, undefined);
}

before(async () => {
  await cryptoReady();
  const dataDir = tempDir('rpc');
  dirs.push(dataDir);
  node = await startNode({ dataDir, rpcPort: 0, authorUri: '//Alice', log: silentLogger, verifierThreads: 1 });
  ws = await client();
  const manualDir = tempDir('rpc-manual');
  dirs.push(manualDir);
  manual = await openChain(manualDir);
  manualServer = await startRpcServer({
    host: '127.0.0.1',
    port: 0,
    methods: createMethods(manual.chain),
    limits: { maxSubscriptionsPerConnection: 2 },
  });
});

after(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await manualServer?.close();
  await manual?.close();
  await node?.stop();
  for (const dir of dirs) removeDir(dir);
});
