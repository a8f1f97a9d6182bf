// A Phalanx node as the ABCI application of a real CometBFT v0.38 validator: CometBFT's handshake
// starts our chain, blocks carry our extrinsics, a transfer submitted on our RPC is forwarded into
// CometBFT's mempool and reported finalized, a refused one comes back with our error code, and
// CometBFT's header h + 1 carries our state root of block h as its app hash. With vote extensions
// on and a VRF key registered, every block from 2 on carries the validator's VRF output as its
// first transaction and the randomness changes every block.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { type RuntimeCall, System } from '@phalanx/runtime';
import type { ImportedBlock } from '../src/chain.js';
import { BEACON_TX_PREFIX } from '../src/cometbft/beacon.js';
import { silentLogger } from '../src/log.js';
import { type RunningNode, startNode } from '../src/service.js';
import {
  type CometbftProcess,
  freePort,
  SKIP_WITHOUT_COMETBFT,
  singleValidatorChain,
  startCometbft,
} from './cometbft-fixture.js';
import { calls, tx as devTx, key, removeDir, tempDir, WsClient } from './helpers.js';

describe('node under a real CometBFT validator', { skip: SKIP_WITHOUT_COMETBFT }, () => {
  const dataDir = tempDir('phalanx-cometbft-node-');
  const home = tempDir('phalanx-cometbft-home-');
  let node: RunningNode | undefined;
  let cometbft: CometbftProcess | undefined;
  let client: WsClient | undefined;
  after(async () => {
    cometbft?.kill();
    await client?.close();
    await node?.stop();
    removeDir(dataDir);
    removeDir(home);
  });

  test('blocks, a forwarded transfer finalized, app hashes in the next header', { timeout: 120_000 }, async () => {
    await cryptoReady();
    // CometBFT's validator key (from `cometbft init`) is our genesis validator, operated by Ferdie.
    const { genesis, genesisHash, vrf } = singleValidatorChain(home, { vrf: true });
    const tx = (signer: string, nonce: number, call: RuntimeCall) => devTx(signer, nonce, call, { genesisHash });
    const cometbftRpc = await freePort();
    node = await startNode({
      dataDir,
      rpcPort: 0,
      genesis,
      log: silentLogger,
      verifierThreads: 1,
      consensus: { engine: 'cometbft', abciPort: 0, cometbftRpc: `http://127.0.0.1:${cometbftRpc}`, vrf },
    });
    const { chain } = node;
    const blocks: ImportedBlock[] = [];
    const reached = (height: number) =>
      new Promise<void>((resolve) => {
        if (chain.finalizedHeader.number >= height) return resolve();
        const stop = chain.finalizedHeads.add((block) => {
          if (block.header.number < height) return;
          stop();
          resolve();
        });
      });
    const randomness = new Map<number, string>();
    chain.finalizedHeads.add((block) => {
      blocks.push(block);
      randomness.set(block.header.number, toHex(System.Randomness.get(chain.bestState.flat) ?? new Uint8Array()));
    });
    cometbft = startCometbft(home, { abci: node.abciPort as number, rpc: cometbftRpc, p2p: await freePort() });
    await reached(2);

    client = await WsClient.connect(node.rpcPort);
    const bob = key('Bob').publicKey;
    const transfer = tx('Alice', 0, calls.transfer(bob, 12_345n));
    const subscription = await client.request<string>('author_submitAndWatchExtrinsic', [toHex(transfer)]);
    const statuses: unknown[] = [];
    for (;;) {
      const status = await client.next<unknown>(subscription);
      statuses.push(status);
      if (typeof status === 'object' && status !== null && 'finalized' in status) break;
    }
    assert.equal(statuses[0], 'ready');
    const included = blocks.find((block) => block.block.extrinsics.length === 1);
    assert.ok(included !== undefined, 'the transfer is in a block');
    assert.deepEqual(included.block.extrinsics[0], transfer);

    // The same nonce again: refused by our CheckTx, with our error, through CometBFT.
    const refused = await client.call('author_submitExtrinsic', [toHex(tx('Alice', 0, calls.remark('again')))]);
    assert.match(JSON.stringify(refused.error), /nonce/);

    // Our state root of block h is CometBFT's app hash in header h + 1.
    await reached(included.header.number + 1);
    const next = await cometbft.rpc<{ block: { header: { app_hash: string; height: string } } }>(
      `/block?height=${included.header.number + 1}`,
    );
    assert.equal(next.block.header.app_hash, Buffer.from(included.header.stateRoot).toString('hex').toUpperCase());
    const finalizedHead = await client.request<string>('chain_getFinalizedHead');
    assert.equal(finalizedHead, toHex(chain.finalizedHash));

    // What a light client is given: the next signed header (its app hash is our root) and its validators.
    type Proof = {
      engine: string;
      signedHeaders: { header: { height: string; app_hash: string } }[];
      validatorSets: unknown[][];
    };
    const proof = await client.request<Proof>('phalanx_getFinalityProof', [included.header.number]);
    assert.equal(proof.engine, 'cometbft');
    assert.equal(proof.signedHeaders[0]?.header.height, String(included.header.number + 1));
    assert.equal(proof.signedHeaders[0]?.header.app_hash, next.block.header.app_hash);
    assert.equal(proof.validatorSets[0]?.length, 1);
    const first = await client.request<Proof>('phalanx_getFinalityProof', [1]);
    assert.deepEqual(
      first.signedHeaders.map((signed) => signed.header.height),
      ['1', '2'],
    );
    const ahead = await client.request<Proof | null>('phalanx_getFinalityProof', [chain.bestHeader.number + 50]);
    assert.equal(ahead, null, 'not provable yet');
    const status = await client.request<{ engine: string; validators: { power: string; account: string }[]; finalized: number }>(
      'phalanx_consensus',
    );
    assert.equal(status.engine, 'cometbft');
    assert.deepEqual(
      status.validators.map((validator) => [validator.power, validator.account]),
      [['10', toHex(key('Ferdie').publicKey)]],
      'power from CometBFT, the operating account from our state',
    );
    assert.ok(status.finalized >= included.header.number + 1);

    // Randomness: from block 2 on, the first transaction of each CometBFT block is the VRF beacon.
    for (let height = 2; height <= included.header.number + 1; height++) {
      const { block } = await cometbft.rpc<{ block: { data: { txs: string[] } } }>(`/block?height=${height}`);
      const first = Buffer.from(block.data.txs[0] ?? '', 'base64');
      assert.ok(
        first.subarray(0, BEACON_TX_PREFIX.length).equals(Buffer.from(BEACON_TX_PREFIX)),
        `block ${height} carries the VRF`,
      );
    }
    const values = [...randomness.values()];
    assert.ok(values.length >= 3);
    assert.equal(new Set(values).size, values.length, 'the randomness changes every block');
  });
});
