// `npm run bench -- trie`: the state trie on a chain-sized state: 100k storage entries (32-byte
// keys, 80-byte values), per-block batches re-rooted, read proofs, and the size of the node set.
// Keys and values come from a fixed-seed generator, so every run measures the same trie.
import { blake2_256, cryptoReady } from '@phalanx/crypto';
import { MemoryNodeStore, MerkleTrie, trieRootOf, verifyProof } from '../packages/primitives/dist/src/trie/index.js';
import { opsPerSecond } from './harness.mjs';

const KEYS = 100_000;
const KEY_BYTES = 32;
const VALUE_BYTES = 80;
const ROUNDS = 10;

/** xorshift32: deterministic bytes, not for anything but benchmarks. */
function generator(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    next,
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 4) {
        const word = next();
        for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
      }
      return out;
    },
  };
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
function stats(samples) {
  const sorted = samples.slice().sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    median: round(sorted[Math.floor(sorted.length / 2)]),
    mean: round(mean),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
}

/** A block-like batch: 90% overwrites of existing keys, 5% new keys, 5% deletions. */
function makeBatch(random, keys, size) {
  const batch = [];
  for (let i = 0; i < size; i++) {
    const dice = random.next() % 20;
    if (dice === 0) {
      const key = random.bytes(KEY_BYTES);
      keys.push(key);
      batch.push([key, random.bytes(VALUE_BYTES)]);
    } else if (dice === 1) {
      const at = random.next() % keys.length;
      batch.push([keys[at], undefined]);
      keys[at] = keys[keys.length - 1];
      keys.pop();
    } else {
      batch.push([keys[random.next() % keys.length], random.bytes(VALUE_BYTES)]);
    }
  }
  return batch;
}

export async function run() {
  await cryptoReady();
  const random = generator(0x7a11);
  const keys = [];
  const entries = [];
  for (let i = 0; i < KEYS; i++) {
    const key = random.bytes(KEY_BYTES);
    keys.push(key);
    entries.push([key, random.bytes(VALUE_BYTES)]);
  }

  const store = new MemoryNodeStore();
  const trie = new MerkleTrie(store);
  let started = performance.now();
  const built = trie.update(entries);
  const buildMs = performance.now() - started;
  const nodes = { count: store.size, totalBytes: store.totalBytes, avgBytes: round(store.totalBytes / store.size) };
  started = performance.now();
  trieRootOf(entries);
  const fromScratchMs = performance.now() - started;
  if (built.newNodes.length !== store.size) throw new Error('bench: newNodes and store disagree');
  entries.length = 0; // the bench's own 200k arrays would otherwise weigh on every GC below

  const batches = {};
  for (const size of [1_000, 3_000]) {
    const samples = [];
    let created = 0;
    for (let r = 0; r < ROUNDS + 2; r++) {
      const batch = makeBatch(random, keys, size);
      started = performance.now();
      const { newNodes } = trie.update(batch);
      const count = newNodes.length; // reading newNodes (built on first read) is part of the cost
      const ms = performance.now() - started;
      if (r >= 2) {
        samples.push(ms); // the first two are warm-up
        created += count;
      }
    }
    batches[`changes_${size}`] = { ms: stats(samples), newNodesPerBatch: Math.round(created / ROUNDS) };
  }
  // The floor set by hashing alone: blake2_256 of one typical node, times the nodes of a batch.
  const typical = new Uint8Array(Math.round(nodes.avgBytes));
  const hashesPerSecond = opsPerSecond(() => blake2_256(typical), { batch: 256 });
  for (const entry of Object.values(batches)) entry.hashingOnlyMs = round((entry.newNodesPerBatch / hashesPerSecond) * 1000);

  const proven = keys[random.next() % keys.length];
  const proof = trie.prove([proven]);
  const root = trie.root;
  const absent = random.bytes(KEY_BYTES);
  const absentProof = trie.prove([absent]);
  const manyKeys = keys.slice(0, 100);
  const manyProof = trie.prove(manyKeys);

  return {
    setup: `${KEYS} keys of ${KEY_BYTES} bytes, ${VALUE_BYTES}-byte values, in-memory node store; batches: 90% overwrites, 5% inserts, 5% deletes`,
    build_100k_ms: { update: round(buildMs), trieRootOf: round(fromScratchMs) },
    nodes_100k: nodes,
    batch_reroot: batches,
    proof_one_key: {
      present: { nodes: proof.length, bytes: proof.reduce((n, node) => n + node.length, 0) },
      absent: { nodes: absentProof.length, bytes: absentProof.reduce((n, node) => n + node.length, 0) },
      verify_ops_per_s: opsPerSecond(() => verifyProof(root, proof, proven), { batch: 16 }),
      prove_ops_per_s: opsPerSecond(() => trie.prove([proven]), { batch: 16 }),
    },
    proof_100_keys: { nodes: manyProof.length, bytes: manyProof.reduce((n, node) => n + node.length, 0) },
    get_ops_per_s: opsPerSecond(() => trie.get(proven), { batch: 256 }),
  };
}
