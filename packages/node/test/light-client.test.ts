// A light client with no database, fed only by JSON-RPC answers: it checks a header's seal and
// hash, rebuilds the state root from the parent's entries plus the block's change list, checks
// read proofs of present and absent keys against the header, and notices a tampered change list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cryptoReady, fromHex, toHex } from '@phalanx/crypto';
import { type Header, headerHash, trieRootOf, verifyHeaderSeal, verifyProof } from '@phalanx/primitives';
import { AccountInfo, EventRecords, System, UNIT } from '@phalanx/runtime';
import { compactU32, decode, encode } from '@phalanx/scale';
import { createMethods } from '../src/rpc/methods.js';
import { type RpcServer, startRpcServer } from '../src/rpc/server.js';
import {
  calls,
  devGenesisHash,
  httpRpc,
  key,
  openChain,
  produce,
  remarkTx,
  removeDir,
  type TestChain,
  tempDir,
  tx,
} from './helpers.js';

interface HeaderJson {
  hash: string;
  parentHash: string;
  number: number;
  stateRoot: string;
  extrinsicsRoot: string;
  timestamp: number;
  author: string;
  seal: string;
}
interface BlockWithChanges {
  block: { header: HeaderJson; extrinsics: string[] };
  changes: [string, string | null][];
  events: string;
}

let t: TestChain;
let server: RpcServer;
let dir: string;
const fresh = new Uint8Array(32).fill(0x31);

async function rpc<T>(method: string, params: unknown[] = []): Promise<T> {
  const response = await httpRpc(server.port, method, params);
  assert.equal(response.error, undefined, JSON.stringify(response.error));
  return response.result as T;
}

function headerOf(json: HeaderJson): Header {
  return {
    parentHash: fromHex(json.parentHash),
    number: json.number,
    stateRoot: fromHex(json.stateRoot),
    extrinsicsRoot: fromHex(json.extrinsicsRoot),
    timestamp: BigInt(json.timestamp),
    author: fromHex(json.author),
    seal: fromHex(json.seal),
  };
}

/** The whole state at `at` (a block hash), paged through state_getPairsPaged. */
async function stateAt(at: string): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  let startKey: string | null = null;
  for (;;) {
    const page: { at: string; pairs: [string, string][] } = await rpc('state_getPairsPaged', [null, 7, startKey, at]);
    assert.equal(page.at, at);
    for (const [k, v] of page.pairs) state.set(k, v);
    if (page.pairs.length < 7) return state;
    startKey = (page.pairs[page.pairs.length - 1] as [string, string])[0];
  }
}

function rootOf(state: Map<string, string>): Uint8Array {
  return trieRootOf([...state].map(([k, v]) => [fromHex(k), fromHex(v)] as [Uint8Array, Uint8Array]));
}

function applyChanges(state: Map<string, string>, changes: readonly [string, string | null][]): Map<string, string> {
  const next = new Map(state);
  for (const [k, v] of changes) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  return next;
}

before(async () => {
  await cryptoReady();
  dir = tempDir('light');
  t = await openChain(dir);
  server = await startRpcServer({ host: '127.0.0.1', port: 0, methods: createMethods(t.chain) });
  // Three blocks: transfers (one creates an account), a reservation, remarks, a failing call.
  const batches = [
    [tx('Alice', 0, calls.transfer(fresh, 3n * UNIT)), tx('Bob', 0, calls.transfer(key('Charlie').publicKey, UNIT))],
    [tx('Bob', 1, calls.reserve(5n * UNIT)), remarkTx('Dave', 0)],
    [tx('Eve', 0, calls.transfer(key('Eve').publicKey, 1n)), remarkTx('Alice', 1), remarkTx('Ferdie', 0)],
  ];
  for (const batch of batches) {
    for (const bytes of batch) await t.chain.submit(bytes);
    await produce(t);
  }
});

after(async () => {
  await server?.close();
  await t?.close();
  removeDir(dir);
});

describe('light client from RPC answers only', () => {
  test('follows the chain from genesis: seal, hash, extrinsics root and state root of every block', async () => {
    const genesisHash = await rpc<string>('chain_getBlockHash', [0]);
    assert.equal(genesisHash, toHex(devGenesisHash()));
    let state = await stateAt(genesisHash);
    let parent = headerOf(await rpc<HeaderJson>('chain_getHeader', [genesisHash]));
    assert.equal(toHex(rootOf(state)), toHex(parent.stateRoot));
    for (let n = 1; n <= 3; n++) {
      const hash = await rpc<string>('chain_getBlockHash', [n]);
      const { block, changes, events } = await rpc<BlockWithChanges>('phalanx_getBlockWithChanges', [hash]);
      const header = headerOf(block.header);
      assert.equal(toHex(headerHash(header)), hash);
      assert.equal(toHex(header.parentHash), toHex(headerHash(parent)));
      assert.ok(verifyHeaderSeal(header, devGenesisHash()));
      assert.equal(toHex(header.author), toHex(key('Alice').publicKey));
      const extrinsics = block.extrinsics.map((x) => fromHex(x));
      assert.equal(
        toHex(trieRootOf(extrinsics.map((x, i) => [encode(compactU32, i), x] as [Uint8Array, Uint8Array]))),
        toHex(header.extrinsicsRoot),
      );

      state = applyChanges(state, changes);
      assert.equal(toHex(rootOf(state)), toHex(header.stateRoot), `block ${n}: parent entries + changes give the header's root`);
      // The events the block carries are the ones its state commits to.
      const eventsKey = toHex(System.Events.key);
      assert.equal(state.get(eventsKey), toHex(encode(EventRecords, decode(EventRecords, fromHex(events)))));
      // The change list is sorted by key and names each key once.
      const keys = changes.map(([k]) => k);
      assert.deepEqual(keys, [...new Set(keys)].sort());
      parent = header;
    }
    // The state the light client rebuilt is the node's.
    assert.deepEqual(state, await stateAt(await rpc<string>('chain_getBlockHash', [])));
  });

  test('read proofs of a present and an absent key verify against the header’s state root', async () => {
    const hash = await rpc<string>('chain_getBlockHash', [1]);
    const header = headerOf(await rpc<HeaderJson>('chain_getHeader', [hash]));
    const present = System.Account.keyOf(fresh);
    const absent = System.Account.keyOf(new Uint8Array(32).fill(0x77));
    const { at, proof } = await rpc<{ at: string; proof: string[] }>('state_getReadProof', [
      [toHex(present), toHex(absent)],
      hash,
    ]);
    assert.equal(at, hash);
    const nodes = proof.map((p) => fromHex(p));
    const value = verifyProof(header.stateRoot, nodes, present);
    assert.ok(value !== undefined);
    assert.deepEqual(decode(AccountInfo, value), { nonce: 0, free: 3n * UNIT, reserved: 0n });
    assert.equal(verifyProof(header.stateRoot, nodes, absent), undefined);
    // At genesis the fresh account did not exist: proven absent there.
    const genesis = headerOf(await rpc<HeaderJson>('chain_getHeader', [toHex(devGenesisHash())]));
    const old = await rpc<{ proof: string[] }>('state_getReadProof', [[toHex(present)], toHex(devGenesisHash())]);
    assert.equal(
      verifyProof(
        genesis.stateRoot,
        old.proof.map((p) => fromHex(p)),
        present,
      ),
      undefined,
    );
    // A proof is only good for its own root, and an altered node breaks it.
    assert.throws(() => verifyProof(genesis.stateRoot, nodes, present));
    const altered = nodes.map((node, i) => {
      if (i !== nodes.length - 1) return node;
      const copy = Uint8Array.from(node);
      copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 1;
      return copy;
    });
    assert.throws(() => verifyProof(header.stateRoot, altered, present));
    assert.throws(() => verifyProof(header.stateRoot, nodes.slice(1), present));
  });

  test('a tampered change list gives another root', async () => {
    const hash = await rpc<string>('chain_getBlockHash', [2]);
    const parentHash = await rpc<string>('chain_getBlockHash', [1]);
    const { block, changes } = await rpc<BlockWithChanges>('phalanx_getBlockWithChanges', [hash]);
    const root = toHex(headerOf(block.header).stateRoot);
    const parent = await stateAt(parentHash);
    assert.equal(toHex(rootOf(applyChanges(parent, changes))), root);
    assert.ok(changes.length >= 3);
    const [firstKey, firstValue] = changes[0] as [string, string | null];
    const tampered: [string, [string, string | null][]][] = [
      [
        'a value altered',
        changes.map(([k, v], i) => [k, i === 1 && v !== null ? `${v.slice(0, -2)}${v.endsWith('00') ? '01' : '00'}` : v]),
      ],
      ['a change dropped', changes.slice(1)],
      ['a change added', [...changes, ['0x0102', '0x03']]],
      ['a key deleted instead', [[firstKey, null], ...changes.slice(1)]],
      ['a change moved to another key', [[`${firstKey}00`, firstValue], ...changes.slice(1)]],
    ];
    for (const [name, list] of tampered) {
      assert.notEqual(toHex(rootOf(applyChanges(parent, list))), root, name);
    }
    // Changes applied to the wrong parent state do not give the root either.
    const grandparent = await stateAt(await rpc<string>('chain_getBlockHash', [0]));
    assert.notEqual(toHex(rootOf(applyChanges(grandparent, changes))), root);
  });
});
