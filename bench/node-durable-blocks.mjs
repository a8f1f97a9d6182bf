// `npm run bench -- node-durable-blocks`: what it costs per block that a finalized block is
// durable before it is announced (issue 10, item 7: the block's LevelDB batch written with
// `sync: true`, then the finalized mark synced). Times `produceBlock` for empty blocks and for
// blocks of 1,000 transfers, with the syncs (the node) and without (`ChainDb.open(dir, { durable:
// false })`, what the node did before), alternating in one run, over a data directory in BENCH_DIR
// (default: the OS temp directory), and the disk's own cost of one small write + fdatasync.
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as c from '@phalanx/crypto';
import { Chain, ChainDb, genesisBlock, SignatureVerifier, SingleAuthority } from '@phalanx/node';
import { signExtrinsic } from '@phalanx/primitives';
import { checkExtrinsic, devGenesisConfig, Extrinsic, RuntimeCall, UNIT } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';

const BASE = process.env.BENCH_DIR ?? tmpdir();
const EMPTY_BLOCKS = 300;
const FULL_BLOCKS = 10;
const TRANSFERS_PER_BLOCK = 1000;

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = samples.reduce((total, ms) => total + ms, 0) / samples.length;
  return { blocks: samples.length, mean_ms: +mean.toFixed(3), p50_ms: +at(0.5).toFixed(3), p99_ms: +at(0.99).toFixed(3) };
}

async function withChain(genesis, durable, fn) {
  const dir = mkdtempSync(join(BASE, 'phalanx-bench-durable-'));
  const db = await ChainDb.open(dir, { durable });
  const verifier = await SignatureVerifier.start(genesisBlock(genesis).hash, 1);
  let now = genesis.timestamp;
  const chain = await Chain.open({
    db,
    genesis,
    consensus: new SingleAuthority(c.devKeypair('Alice')),
    verifier,
    clock: () => (now += 1000n),
  });
  try {
    return await fn(chain);
  } finally {
    await verifier.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function emptyBlocks(durable) {
  return withChain(devGenesisConfig(), durable, async (chain) => {
    const samples = [];
    for (let i = 0; i < EMPTY_BLOCKS; i++) {
      const start = performance.now();
      await chain.produceBlock({ allowEmpty: true });
      samples.push(performance.now() - start);
    }
    return summary(samples);
  });
}

async function fullBlocks(durable) {
  const senders = Array.from({ length: TRANSFERS_PER_BLOCK }, (_, i) =>
    c.keypairFromSeed('ed25519', c.blake2_256(c.utf8(`bench-durable-${i}`))),
  );
  const base = devGenesisConfig();
  const genesis = { ...base, balances: [...base.balances, ...senders.map((k) => [k.publicKey, 1000n * UNIT])] };
  const genesisHash = genesisBlock(genesis).hash;
  const dest = c.devKeypair('Ferdie').publicKey;
  return withChain(genesis, durable, async (chain) => {
    const samples = [];
    for (let b = 0; b < FULL_BLOCKS; b++) {
      for (const keypair of senders) {
        const call = { tag: 'Balances', value: { tag: 'transfer', value: { dest, value: UNIT } } };
        const bytes = encode(Extrinsic, signExtrinsic(RuntimeCall, keypair, genesisHash, { nonce: b, call }));
        chain.pool.submit(chain.bestState.flat, checkExtrinsic(bytes, genesisHash, true));
      }
      const start = performance.now();
      const block = await chain.produceBlock();
      samples.push(performance.now() - start);
      if (block?.block.extrinsics.length !== TRANSFERS_PER_BLOCK) throw new Error('a transfer was left out');
    }
    return summary(samples);
  });
}

/** The disk alone: one 68-byte write and fdatasync, as the finalized mark does. */
async function diskSync() {
  const dir = mkdtempSync(join(BASE, 'phalanx-bench-fsync-'));
  const file = await open(join(dir, 'probe'), 'w+');
  const samples = [];
  const bytes = Buffer.alloc(68, 1);
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    await file.write(bytes, 0, bytes.length, 0);
    await file.datasync();
    samples.push(performance.now() - start);
  }
  await file.close();
  rmSync(dir, { recursive: true, force: true });
  const { mean_ms, p50_ms, p99_ms } = summary(samples);
  return { syncs: samples.length, mean_ms, p50_ms, p99_ms };
}

export async function run() {
  await c.cryptoReady();
  // Synced and unsynced alternate in one run (the machine drifts between runs): the difference is the cost of durability.
  const empty = { synced: [], unsynced: [] };
  const full = { synced: [], unsynced: [] };
  for (let round = 0; round < 2; round++) {
    empty.synced.push(await emptyBlocks(true));
    empty.unsynced.push(await emptyBlocks(false));
    full.synced.push(await fullBlocks(true));
    full.unsynced.push(await fullBlocks(false));
  }
  return {
    dataDir: BASE,
    disk_write_and_fdatasync: await diskSync(),
    produce_empty_block: empty,
    [`produce_block_of_${TRANSFERS_PER_BLOCK}_transfers`]: full,
  };
}
