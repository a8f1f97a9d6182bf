// One consensus compliance suite for every engine behind the node's seam: the dev engine (this node
// authors every block) and CometBFT (a real validator process, this node its ABCI app). RPC users —
// the SDK, the CLI, worker hosts — must see the same Substrate-style chain under both: a watched
// submission goes ready → inBlock → finalized, finalized heads arrive in order without gaps, a
// refused submission has the same error code, the engine and its validators are reported, and a
// finality proof is served for every finalized block.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import type { RuntimeCall } from '@phalanx/runtime';
import { silentLogger } from '../src/log.js';
import { type RunningNode, startNode } from '../src/service.js';
import { type CometbftProcess, cometbftInstalled, freePort, singleValidatorChain, startCometbft } from './cometbft-fixture.js';
import { calls, dev, devGenesisHash, tx as devTx, key, removeDir, tempDir, WsClient } from './helpers.js';

interface Engine {
  readonly name: 'dev' | 'cometbft';
  readonly node: RunningNode;
  readonly genesisHash: Uint8Array;
  stop(): Promise<void>;
}

async function devEngine(): Promise<Engine> {
  const dataDir = tempDir('phalanx-compliance-dev-');
  const genesis = dev();
  const node = await startNode({ dataDir, rpcPort: 0, genesis, log: silentLogger, verifierThreads: 1, authorUri: '//Alice' });
  return {
    name: 'dev',
    node,
    genesisHash: devGenesisHash(),
    async stop() {
      await node.stop();
      removeDir(dataDir);
    },
  };
}

async function cometbftEngine(): Promise<Engine> {
  const dataDir = tempDir('phalanx-compliance-node-');
  const home = tempDir('phalanx-compliance-cometbft-');
  const { genesis, genesisHash } = singleValidatorChain(home);
  const rpc = await freePort();
  const node = await startNode({
    dataDir,
    rpcPort: 0,
    genesis,
    log: silentLogger,
    verifierThreads: 1,
    consensus: { engine: 'cometbft', abciPort: 0, cometbftRpc: `http://127.0.0.1:${rpc}` },
  });
  const cometbft: CometbftProcess = startCometbft(home, { abci: node.abciPort as number, rpc, p2p: await freePort() });
  // Ready when CometBFT has made a block and answers its RPC (submissions are forwarded there).
  await new Promise<void>((resolve) => {
    const stop = node.chain.finalizedHeads.add(() => {
      stop();
      resolve();
    });
  });
  for (let ready = false; !ready; )
    ready = await cometbft.rpc('/status').then(
      () => true,
      () => false,
    );
  return {
    name: 'cometbft',
    node,
    genesisHash,
    async stop() {
      cometbft.kill();
      await node.stop();
      removeDir(dataDir);
      removeDir(home);
    },
  };
}

const ENGINES: [string, () => Promise<Engine>, boolean][] = [
  ['dev (single authority)', devEngine, true],
  ['cometbft (one validator)', cometbftEngine, cometbftInstalled],
];

for (const [label, make, available] of ENGINES) {
  describe(`consensus compliance: ${label}`, { skip: !available && 'CometBFT is not installed' }, () => {
    let engine: Engine;
    let client: WsClient;
    const tx = (signer: string, nonce: number, call: RuntimeCall) =>
      devTx(signer, nonce, call, { genesisHash: engine.genesisHash });

    before(async () => {
      await cryptoReady();
      engine = await make();
      client = await WsClient.connect(engine.node.rpcPort);
    });
    after(async () => {
      await client?.close();
      await engine?.stop();
    });

    test('a watched submission goes ready → inBlock → finalized, and the head says so', { timeout: 60_000 }, async () => {
      const transfer = tx('Alice', 0, calls.transfer(key('Bob').publicKey, 1_000n));
      const subscription = await client.request<string>('author_submitAndWatchExtrinsic', [toHex(transfer)]);
      const kinds: string[] = [];
      let finalizedIn = '';
      for (;;) {
        const status = await client.next<string | Record<string, string>>(subscription);
        kinds.push(typeof status === 'string' ? status : (Object.keys(status)[0] as string));
        if (typeof status === 'object' && 'finalized' in status) {
          finalizedIn = status.finalized as string;
          break;
        }
      }
      assert.deepEqual(kinds, ['ready', 'inBlock', 'finalized']);
      const block = await client.request<{ block: { header: { number: number }; extrinsics: string[] } }>('chain_getBlock', [
        finalizedIn,
      ]);
      assert.deepEqual(block.block.extrinsics, [toHex(transfer)]);
      const head = await client.request<string>('chain_getFinalizedHead');
      const headBlock = await client.request<{ block: { header: { number: number } } }>('chain_getBlock', [head]);
      assert.ok(headBlock.block.header.number >= block.block.header.number);
    });

    test('finalized heads arrive in order without gaps', { timeout: 60_000 }, async () => {
      const subscription = await client.request<string>('chain_subscribeFinalizedHeads');
      const first = await client.next<{ number: number }>(subscription);
      // Make blocks on either engine: the dev engine seals when transactions wait.
      for (let nonce = 1; nonce <= 3; nonce++)
        await client.request('author_submitExtrinsic', [toHex(tx('Alice', nonce, calls.remark(`r${nonce}`)))]);
      let previous = first.number;
      while (previous < first.number + 2) {
        const next = await client.next<{ number: number }>(subscription);
        assert.equal(next.number, previous + 1, 'no gap, no repeat');
        previous = next.number;
      }
    });

    test('a stale submission is refused with the same error code', async () => {
      const stale = await client.call('author_submitExtrinsic', [toHex(tx('Alice', 0, calls.remark('again')))]);
      assert.equal(
        (stale.error as { data?: { code?: string } } | undefined)?.data?.code,
        'TX_STALE',
        JSON.stringify(stale.error),
      );
    });

    test('the engine, its validators and its heights are reported', async () => {
      const status = await client.request<{
        engine: string;
        validators: { power: string; account: string | null }[];
        height: number;
        finalized: number;
      }>('phalanx_consensus');
      assert.equal(status.engine, engine.name);
      assert.equal(status.validators.length, 1);
      assert.ok(status.finalized <= status.height);
      const expected = engine.name === 'dev' ? key('Alice').publicKey : key('Ferdie').publicKey;
      assert.equal(status.validators[0]?.account, toHex(expected), 'the account behind the only validator');
    });

    test('a finality proof is served for a finalized block', { timeout: 60_000 }, async () => {
      const proof = await client.request<{ engine: string }>('phalanx_getFinalityProof', [1]);
      assert.equal(proof.engine, engine.name);
    });
  });
}
