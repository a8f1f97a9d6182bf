// `npm run bench -- pruntime`: how fast the pRuntime light client verifies blocks in catch-up sync
// (empty blocks; blocks of 1,000 transfers), and sealing/unsealing a checkpoint-sized blob.
// Registration time: from starting a worker host (new pRuntime, sim TEE) to its registration in a block.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as c from '@phalanx/crypto';
import { startWorkerHost } from '@phalanx/host';
import { silentLogger, startNode } from '@phalanx/node';
import { headerHash, MemoryNodeStore, MerkleTrie, sealHeader, signExtrinsic } from '@phalanx/primitives';
import { LightClient } from '@phalanx/pruntime';
import {
  BlockExecutor,
  checkExtrinsic,
  devGenesisConfig,
  Extrinsic,
  extrinsicsRoot,
  genesisBlock,
  RuntimeCall,
  UNIT,
} from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { opsPerSecond } from './harness.mjs';

function buildChain(blocks, transfersPerBlock, senders) {
  const base = devGenesisConfig();
  const genesis = genesisBlock({ ...base, balances: [...base.balances, ...senders.map((k) => [k.publicKey, 1000n * UNIT])] });
  const trie = new MerkleTrie(new MemoryNodeStore());
  trie.update([...genesis.state.entries()]);
  const author = c.devKeypair('Alice');
  const dest = c.devKeypair('Bob').publicKey;
  let head = { header: genesis.header, hash: genesis.hash };
  const out = [];
  for (let b = 0; b < blocks; b++) {
    const parent = head.header;
    const env = {
      number: parent.number + 1,
      timestamp: parent.timestamp + 6000n,
      author: author.publicKey,
      parentHash: head.hash,
    };
    const executor = new BlockExecutor(genesis.state, env, parent.seal);
    const extrinsics = [];
    for (let i = 0; i < transfersPerBlock; i++) {
      const call = { tag: 'Balances', value: { tag: 'transfer', value: { dest, value: UNIT } } };
      const bytes = encode(Extrinsic, signExtrinsic(RuntimeCall, senders[i], genesis.hash, { nonce: b, call }));
      executor.apply(checkExtrinsic(bytes, genesis.hash, true));
      extrinsics.push(bytes);
    }
    const { changes } = executor.finalize();
    const stateRoot = trie.update(changes).root;
    genesis.state.apply(changes);
    const header = sealHeader({ ...env, stateRoot, extrinsicsRoot: extrinsicsRoot(extrinsics) }, author, genesis.hash);
    head = { header, hash: headerHash(header) };
    out.push({ header, changes });
  }
  return {
    genesis: genesisBlock({ ...base, balances: [...base.balances, ...senders.map((k) => [k.publicKey, 1000n * UNIT])] }),
    blocks: out,
  };
}

function syncRate({ genesis, blocks }) {
  const client = LightClient.fromGenesis(genesis.hash, genesis.header, genesis.state.entries());
  const start = performance.now();
  for (const block of blocks) client.importBlock(block.header, block.changes);
  return Math.round(blocks.length / ((performance.now() - start) / 1000));
}

async function registrationMs() {
  const dir = mkdtempSync(join(tmpdir(), 'phalanx-bench-reg-'));
  const node = await startNode({ dataDir: join(dir, 'node'), rpcPort: 0, authorUri: '//Alice', log: silentLogger });
  const times = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const host = await startWorkerHost({
      rpc: `ws://127.0.0.1:${node.rpcPort}`,
      dataDir: mkdtempSync(join(dir, 'w-')),
      tee: 'sim',
      port: 0,
      publicUrl: 'http://w.local',
      operator: c.devKeypair('Alice'),
      log: silentLogger,
    });
    await host.registered();
    times.push(Math.round(performance.now() - start));
    await host.stop();
  }
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
  return times;
}

export async function run() {
  await c.cryptoReady();
  const senders = Array.from({ length: 1000 }, (_, i) => c.keypairFromSeed('ed25519', c.blake2_256(c.utf8(`sync-${i}`))));
  const empty = buildChain(2000, 0, senders);
  const full = buildChain(10, 1000, senders);
  const sealingKey = c.randomBytes(32);
  const checkpoint = c.randomBytes(4096);
  const sealed = c.seal(sealingKey, 'checkpoint', checkpoint);
  return {
    registration_ms_from_host_start: await registrationMs(),
    catch_up_empty_blocks_per_second: syncRate(empty),
    catch_up_blocks_of_1000_transfers_per_second: syncRate(full),
    seal_4KiB_per_second: opsPerSecond(() => c.seal(sealingKey, 'checkpoint', checkpoint)),
    unseal_4KiB_per_second: opsPerSecond(() => c.unseal(sealingKey, 'checkpoint', sealed)),
    note: 'single thread; every header seal (sr25519) verified, every state change applied to the trie and the root compared',
  };
}
