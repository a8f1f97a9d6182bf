// `npm run bench -- chain`: how fast the chain imports signed balance transfers (sr25519 and
// ed25519 signers), where the time goes in a block of 1,000 transfers, how many RPC submissions per
// second a node admits, and the database bytes per 100k accounts.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as c from '@phalanx/crypto';
import { Chain, ChainDb, genesisBlock, SignatureVerifier, SingleAuthority, silentLogger, startNode } from '@phalanx/node';
import { signExtrinsic } from '@phalanx/primitives';
import { checkExtrinsic, devGenesisConfig, Extrinsic, executeBlock, RuntimeCall, UNIT } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { connect } from '@phalanx/sdk';

const TRANSFERS_PER_BLOCK = 1000;
const BLOCKS = 6;

function dirSize(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? dirSize(path) : stat.size;
  }
  return total;
}

function senders(scheme, count) {
  return Array.from({ length: count }, (_, i) => c.keypairFromSeed(scheme, c.blake2_256(c.utf8(`bench-${scheme}-${i}`))));
}

function genesisWith(accounts, extra = []) {
  const base = devGenesisConfig();
  return {
    ...base,
    chainName: 'Phalanx Bench',
    balances: [...base.balances, ...accounts.map((k) => [k.publicKey, 1000n * UNIT]), ...extra],
  };
}

function transfer(keypair, genesisHash, nonce, dest) {
  const call = { tag: 'Balances', value: { tag: 'transfer', value: { dest, value: UNIT } } };
  return encode(Extrinsic, signExtrinsic(RuntimeCall, keypair, genesisHash, { nonce, call }));
}

async function openChain(genesis, author, threads) {
  const dir = mkdtempSync(join(tmpdir(), 'phalanx-bench-'));
  const db = await ChainDb.open(dir);
  const verifier = await SignatureVerifier.start(genesisBlock(genesis).hash, threads);
  let now = genesis.timestamp;
  const chain = await Chain.open({ db, genesis, consensus: new SingleAuthority(author), verifier, clock: () => (now += 1000n) });
  return {
    dir,
    db,
    verifier,
    chain,
    close: async () => {
      await verifier.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Produces BLOCKS blocks of TRANSFERS_PER_BLOCK transfers on A, then times importing them on B. */
async function importRate(scheme) {
  const accounts = senders(scheme, TRANSFERS_PER_BLOCK);
  const genesis = genesisWith(accounts);
  const genesisHash = genesisBlock(genesis).hash;
  const producer = await openChain(genesis, c.devKeypair('Alice'), 2);
  const importer = await openChain(genesis, undefined, 2);
  const signStart = performance.now();
  const dest = c.devKeypair('Ferdie').publicKey;
  const blocks = [];
  let signMs = 0;
  for (let b = 0; b < BLOCKS; b++) {
    const t = performance.now();
    const txs = accounts.map((k) => transfer(k, genesisHash, b, dest));
    signMs += performance.now() - t;
    const verdicts = await producer.verifier.verifyMany(txs);
    if (verdicts.some((v) => v !== null)) throw new Error('bench transfer failed to verify');
    for (const bytes of txs) producer.chain.pool.submit(producer.chain.bestState.flat, checkExtrinsic(bytes, genesisHash, true));
    const block = await producer.chain.produceBlock();
    if (block.block.extrinsics.length !== TRANSFERS_PER_BLOCK)
      throw new Error(`block holds ${block.block.extrinsics.length} transfers`);
    blocks.push(block.block);
  }
  void signStart;
  // Blocks arrive in a row (as when a node catches up): each import's signature checks start at
  // once in the threads while earlier blocks execute.
  const start = performance.now();
  await Promise.all(blocks.map((block) => importer.chain.importBlock(block)));
  const importMs = performance.now() - start;
  if (Buffer.compare(importer.chain.bestHash, producer.chain.bestHash) !== 0) throw new Error('import diverged');

  // Where the time goes, for one more block of 1,000 transfers on the importer's state.
  const txs = accounts.map((k) => transfer(k, genesisHash, BLOCKS, dest));
  const phase = {};
  let t = performance.now();
  await importer.verifier.verifyMany(txs);
  phase.signatures_parallel_ms = performance.now() - t;
  t = performance.now();
  const checked = txs.map((bytes) => checkExtrinsic(bytes, genesisHash, true));
  phase.decode_ms = performance.now() - t;
  const parent = importer.chain.bestHeader;
  t = performance.now();
  const { changes } = executeBlock(
    importer.chain.bestState.flat,
    {
      number: parent.number + 1,
      timestamp: parent.timestamp + 1000n,
      author: c.devKeypair('Alice').publicKey,
      parentHash: importer.chain.bestHash,
    },
    parent.seal,
    checked,
  );
  phase.execute_ms = performance.now() - t;
  t = performance.now();
  importer.chain.bestState.stage(changes);
  phase.state_root_ms = performance.now() - t;
  importer.chain.bestState.abort();
  for (const key of Object.keys(phase)) phase[key] = Math.round(phase[key] * 10) / 10;

  await producer.close();
  await importer.close();
  return {
    transfers_per_second: Math.round((BLOCKS * TRANSFERS_PER_BLOCK) / (importMs / 1000)),
    block_import_ms_per_1000_transfers: Math.round(importMs / BLOCKS),
    breakdown_of_one_block_ms: phase,
    signing_per_second_in_bench_client: Math.round((BLOCKS * TRANSFERS_PER_BLOCK) / (signMs / 1000)),
  };
}

/** Concurrent WebSocket clients submitting pre-signed transfers to a running node. */
async function rpcSubmissions() {
  const accounts = senders('ed25519', 4000);
  const genesis = genesisWith(accounts);
  const dir = mkdtempSync(join(tmpdir(), 'phalanx-bench-rpc-'));
  const node = await startNode({ dataDir: dir, rpcPort: 0, genesis, authorUri: '//Alice', log: silentLogger });
  const genesisHash = node.chain.genesisHash;
  const dest = c.devKeypair('Ferdie').publicKey;
  const txs = accounts.map((k) => c.toHex(transfer(k, genesisHash, 0, dest)));
  const CLIENTS = 8;
  const WINDOW = 32;
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(`ws://127.0.0.1:${node.rpcPort}`)));
  const included = new Promise((resolve) => {
    let count = 0;
    const stop = node.chain.newHeads.add((block) => {
      count += block.block.extrinsics.length;
      if (count >= txs.length) {
        stop();
        resolve();
      }
    });
  });
  const start = performance.now();
  // Each client keeps WINDOW requests in flight, as a wallet backend or relayer would.
  await Promise.all(
    clients.map(async (client, i) => {
      const mine = txs.filter((_, j) => j % CLIENTS === i);
      let next = 0;
      const lane = async () => {
        while (next < mine.length) await client.rpc.request('author_submitExtrinsic', [mine[next++]]);
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));
    }),
  );
  const submittedMs = performance.now() - start;
  await included;
  const includedMs = performance.now() - start;
  await Promise.all(clients.map((client) => client.close()));
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    clients: CLIENTS,
    in_flight_per_client: WINDOW,
    transactions: txs.length,
    accepted_per_second: Math.round(txs.length / (submittedMs / 1000)),
    submitted_to_all_included_per_second: Math.round(txs.length / (includedMs / 1000)),
  };
}

/** Database bytes for a chain whose genesis holds 100k funded accounts (state + genesis block). */
async function dbBytesPer100kAccounts() {
  const accounts = Array.from({ length: 100_000 }, (_, i) => [c.blake2_256(c.utf8(`account-${i}`)), UNIT]);
  const genesis = { ...devGenesisConfig(), chainName: 'Phalanx Bench DB', balances: accounts };
  const dir = mkdtempSync(join(tmpdir(), 'phalanx-bench-db-'));
  const db = await ChainDb.open(dir);
  const verifier = await SignatureVerifier.start(genesisBlock(genesis).hash, 1);
  const chain = await Chain.open({ db, genesis, consensus: new SingleAuthority(), verifier });
  void chain;
  await verifier.close();
  await db.close();
  const bytes = dirSize(dir);
  rmSync(dir, { recursive: true, force: true });
  return {
    accounts: 100_000,
    bytes_on_disk: bytes,
    note: 'flat state + genesis block (which records every entry as a change), LevelDB with its default compression',
  };
}

export async function run() {
  await c.cryptoReady();
  return {
    import_sr25519: await importRate('sr25519'),
    import_ed25519: await importRate('ed25519'),
    rpc_submissions: await rpcSubmissions(),
    db: await dbBytesPer100kAccounts(),
  };
}
