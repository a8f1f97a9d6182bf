// Block production on a real Chain (LevelDB in a temp dir, a signature thread, a hand-moved
// clock): batching, what is skipped, dropped or kept, the header's roots and seal, the stored
// block, events, failing calls, and every way a submission is refused without a trace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { BLOCK_LIMITS, EMPTY_ROOT, extrinsicHash, headerHash, trieRootOf, verifyHeaderSeal } from '@phalanx/primitives';
import { Extrinsic, feeFor, RuntimeCall, readAccount, System } from '@phalanx/runtime';
import { compactU32, decode, encode } from '@phalanx/scale';
import { genesisBlock } from '../src/genesis.js';
import type { TxStatus } from '../src/pool/types.js';
import { SignatureVerifier } from '../src/verify/verifier.js';
import {
  calls,
  chainFingerprint,
  dev,
  devGenesisHash,
  eventNames,
  freeOf,
  key,
  nonceOf,
  openChain,
  produce,
  rejectsWith,
  remarkTx,
  removeDir,
  snapshot,
  type TestChain,
  tempDir,
  tx,
} from './helpers.js';

let verifier: SignatureVerifier;
const dirs: string[] = [];
const open: TestChain[] = [];

async function fresh(): Promise<TestChain> {
  const dir = tempDir('chain');
  dirs.push(dir);
  const chain = await openChain(dir, { verifier });
  open.push(chain);
  return chain;
}

before(async () => {
  await cryptoReady();
  verifier = await SignatureVerifier.start(devGenesisHash(), 1);
});

after(async () => {
  for (const chain of open) await chain.close().catch(() => undefined);
  await verifier.close();
  for (const dir of dirs) removeDir(dir);
});

describe('Chain block production', () => {
  test('a block takes everything ready (concurrent submissions, several accounts), with correct roots, seal and storage', async () => {
    const t = await fresh();
    const { chain } = t;
    const genesis = genesisBlock(dev());
    assert.equal(toHex(chain.genesisHash), toHex(genesis.hash));
    assert.equal(toHex(chain.bestState.root), toHex(genesis.header.stateRoot));
    const senders = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];
    const txs = senders.flatMap((who) => Array.from({ length: 8 }, (_, n) => remarkTx(who, n)));
    // Submitted all at once, in reverse nonce order: they are verified as one batch, wait as
    // future transactions and are promoted as the gaps fill.
    const results = await Promise.all([...txs].reverse().map((bytes) => chain.submit(bytes)));
    assert.ok(results.some((r) => r.status === 'future'));
    assert.equal(chain.pool.size, txs.length);

    const heads: string[] = [];
    const stop = chain.newHeads.add((block) => heads.push(toHex(block.hash)));
    const block = await produce(t);
    stop();
    assert.deepEqual(heads, [toHex(block.hash)]);
    assert.equal(block.block.extrinsics.length, txs.length);
    assert.equal(chain.pool.size, 0);
    for (const who of senders) assert.equal(nonceOf(chain, who), 8);

    const { header } = block;
    assert.equal(header.number, 1);
    assert.equal(toHex(header.parentHash), toHex(genesis.hash));
    assert.equal(header.timestamp, t.clock.now);
    assert.equal(toHex(header.author), toHex(key('Alice').publicKey));
    assert.ok(verifyHeaderSeal(header, chain.genesisHash));
    assert.equal(toHex(block.hash), toHex(headerHash(header)));
    assert.equal(toHex(chain.bestHash), toHex(block.hash));
    assert.equal(toHex(chain.finalizedHash), toHex(block.hash), 'a single authority finalises at once');

    // The state root commits to the whole flat state, in memory and on disk.
    assert.equal(toHex(header.stateRoot), toHex(trieRootOf(chain.bestState.flat.entries())));
    const onDisk: [Uint8Array, Uint8Array][] = [];
    for await (const entry of chain.db.state()) onDisk.push(entry);
    assert.equal(toHex(header.stateRoot), toHex(trieRootOf(onDisk)));
    assert.deepEqual(snapshot(onDisk), snapshot(chain.bestState.flat));

    // The extrinsics root: the trie of compact(index) → extrinsic bytes.
    const extrinsicsRoot = trieRootOf(
      block.block.extrinsics.map((bytes, i) => [encode(compactU32, i), bytes] as [Uint8Array, Uint8Array]),
    );
    assert.equal(toHex(header.extrinsicsRoot), toHex(extrinsicsRoot));
    // Per account the block keeps nonce order.
    const nonces = new Map<string, number[]>();
    for (const bytes of block.block.extrinsics) {
      const x = decode(Extrinsic, bytes);
      const who = toHex(x.signer.value);
      nonces.set(who, [...(nonces.get(who) ?? []), x.nonce]);
    }
    assert.equal(nonces.size, senders.length);
    for (const list of nonces.values()) assert.deepEqual(list, [0, 1, 2, 3, 4, 5, 6, 7]);

    // Stored: header, body, number index, changes and events.
    assert.deepEqual(await chain.db.header(block.hash), header);
    assert.deepEqual(await chain.db.body(block.hash), block.block.extrinsics);
    assert.equal(toHex((await chain.db.hashAt(1)) as Uint8Array), toHex(block.hash));
    assert.deepEqual(await chain.db.changes(block.hash), block.changes);
    assert.deepEqual(await chain.db.events(block.hash), block.events);
    assert.deepEqual(chain.bestEvents(), block.events);
    const names = eventNames(block.events);
    for (let i = 0; i < txs.length; i++) {
      assert.deepEqual(
        names.filter((n) => n.startsWith(`${i}:`)),
        [`${i}:Balances.FeePaid`, `${i}:System.Remarked`, `${i}:System.ExtrinsicSuccess`],
      );
    }
  });

  test('skips and drops what cannot be included, keeps future transactions, and refuses an empty block', async () => {
    const t = await fresh();
    const { chain } = t;
    // Charlie reserves nearly all his balance first; his nonce-1 transaction then cannot pay
    // (dropped), and his nonce-2 one is future again (kept). Dave's nonce 5 waits throughout.
    const free = freeOf(chain, 'Charlie');
    const probe = tx('Charlie', 0, calls.reserve(free));
    const reserveAll = tx('Charlie', 0, calls.reserve(free - feeFor(probe.length, 0n) - 1n));
    assert.equal(reserveAll.length, probe.length);
    const charlie1 = remarkTx('Charlie', 1);
    const charlie2 = remarkTx('Charlie', 2);
    const dave5 = remarkTx('Dave', 5);
    const bob0 = tx('Bob', 0, calls.transfer(key('Eve').publicKey, 1_000_000_000_000n));
    const statuses: TxStatus[] = [];
    chain.pool.watch(extrinsicHash(charlie1), (s) => statuses.push(s));
    for (const bytes of [reserveAll, charlie1, charlie2, dave5, bob0]) await chain.submit(bytes);
    assert.equal(chain.pool.size, 5);

    const block = await produce(t);
    assert.deepEqual(block.block.extrinsics.map(toHex).sort(), [reserveAll, bob0].map(toHex).sort());
    assert.equal(freeOf(chain, 'Charlie'), 1n);
    assert.equal(nonceOf(chain, 'Charlie'), 1);
    assert.deepEqual(
      statuses.map((s) => s.kind),
      ['invalid'],
    );
    assert.equal(chain.pool.size, 2, 'Charlie #2 and Dave #5 wait');
    assert.ok(chain.pool.has(extrinsicHash(charlie2)));
    assert.ok(chain.pool.has(extrinsicHash(dave5)));

    // Nothing is ready now: no block unless an empty one is asked for.
    const before = await chainFingerprint(chain);
    assert.equal(await chain.produceBlock(), undefined);
    assert.deepEqual(await chainFingerprint(chain), before);
    const empty = await produce(t, { allowEmpty: true });
    assert.equal(empty.block.extrinsics.length, 0);
    assert.equal(toHex(empty.header.extrinsicsRoot), toHex(EMPTY_ROOT));
    assert.equal(toHex(empty.header.stateRoot), toHex(trieRootOf(chain.bestState.flat.entries())));
    assert.equal(chain.pool.size, 2);
  });

  test('a failing call reverts only its own changes, still pays the fee and bumps the nonce; the block is valid', async () => {
    const t = await fresh();
    const { chain } = t;
    const eve = key('Eve').publicKey;
    const [bob0, eve0, ferdie0] = [freeOf(chain, 'Bob'), freeOf(chain, eve), freeOf(chain, 'Ferdie')];
    const aliceBefore = freeOf(chain, 'Alice');
    const ok1 = tx('Bob', 0, calls.transfer(eve, 5_000n * 1_000_000_000_000n), { tip: 30n });
    const selfTransfer = tx('Eve', 0, calls.transfer(eve, 1n), { tip: 20n });
    const tooMuch = tx('Ferdie', 0, calls.transfer(eve, ferdie0 * 2n), { tip: 10n });
    for (const bytes of [ok1, selfTransfer, tooMuch]) await chain.submit(bytes);
    const block = await produce(t);
    // Higher tip first: Bob (30), Eve (20), Ferdie (10).
    assert.deepEqual(block.block.extrinsics.map(toHex), [ok1, selfTransfer, tooMuch].map(toHex));
    assert.deepEqual(eventNames(block.events), [
      '0:Balances.FeePaid',
      '0:Balances.Transfer',
      '0:System.ExtrinsicSuccess',
      '1:Balances.FeePaid',
      '1:System.ExtrinsicFailed',
      '2:Balances.FeePaid',
      '2:System.ExtrinsicFailed',
    ]);
    const failures = block.events.flatMap((r) =>
      r.event.tag === 'System' && r.event.value.tag === 'ExtrinsicFailed' ? [r.event.value.value] : [],
    );
    assert.deepEqual(
      failures.map((f) => [f.index, f.error.pallet, f.error.error]),
      [
        [1, 'Balances', 'SelfTransfer'],
        [2, 'Balances', 'InsufficientBalance'],
      ],
    );
    const [fee1, fee2, fee3] = [feeFor(ok1.length, 30n), feeFor(selfTransfer.length, 20n), feeFor(tooMuch.length, 10n)];
    assert.equal(freeOf(chain, 'Bob'), bob0 - 5_000n * 1_000_000_000_000n - fee1);
    assert.equal(freeOf(chain, eve), eve0 + 5_000n * 1_000_000_000_000n - fee2);
    assert.equal(freeOf(chain, 'Ferdie'), ferdie0 - fee3);
    assert.equal(freeOf(chain, 'Alice'), aliceBefore + fee1 + fee2 + fee3, 'fees go to the author');
    for (const who of ['Bob', 'Eve', 'Ferdie']) assert.equal(nonceOf(chain, who), 1);
    assert.equal(toHex(block.header.stateRoot), toHex(trieRootOf(chain.bestState.flat.entries())));

    // Another node re-executes the block and accepts it.
    const dir = tempDir('chain-import');
    dirs.push(dir);
    const importer = await openChain(dir, { verifier, author: false });
    open.push(importer);
    importer.clock.now = t.clock.now;
    const imported = await importer.chain.importBlock(block.block);
    assert.equal(toHex(imported.hash), toHex(block.hash));
    assert.deepEqual(imported.events, block.events);
  });

  test('states of older blocks are readable until compaction, then NOT_FOUND; the best state always', async () => {
    const dir = tempDir('chain-compact');
    dirs.push(dir);
    const t = await openChain(dir, { verifier, compactionInterval: 3 });
    open.push(t);
    const { chain } = t;
    const bob = System.Account.keyOf(key('Bob').publicKey);
    const hashes = [chain.bestHash];
    const values = [chain.bestState.flat.get(bob)];
    for (let n = 0; n < 2; n++) {
      await chain.submit(tx('Bob', n, calls.transfer(key('Eve').publicKey, 1_000_000_000_000n)));
      hashes.push((await produce(t)).hash);
      values.push(chain.bestState.flat.get(bob));
    }
    // Before compaction every block's state is still held, and reads answer as of that block.
    for (let i = 0; i < hashes.length; i++) {
      const view = await chain.stateAt(hashes[i]);
      assert.deepEqual(view.get(bob), values[i]);
      assert.equal(toHex(view.trie.root), toHex(view.header.stateRoot));
    }
    await chain.submit(remarkTx('Bob', 2));
    await produce(t); // the third block since opening: compaction
    for (const hash of hashes) await rejectsWith(chain.stateAt(hash), 'NOT_FOUND', /no longer held/);
    const best = await chain.stateAt();
    assert.deepEqual(best.get(bob), chain.bestState.flat.get(bob));
    assert.equal(toHex(best.trie.root), toHex(chain.bestHeader.stateRoot));
    assert.equal(toHex(trieRootOf(best.trie.entries())), toHex(chain.bestHeader.stateRoot));
    await rejectsWith(chain.stateAt(new Uint8Array(32).fill(1)), 'NOT_FOUND', /unknown block/);
  });

  test('a node without an authoring key cannot produce blocks', async () => {
    const dir = tempDir('chain-noauthor');
    dirs.push(dir);
    const t = await openChain(dir, { verifier, author: false });
    open.push(t);
    await rejectsWith(t.chain.produceBlock({ allowEmpty: true }), 'INTERNAL');
    assert.equal(t.chain.bestHeader.number, 0);
  });
});

describe('Chain refuses bad submissions without a trace', () => {
  let t: TestChain;
  let pending: Uint8Array;

  before(async () => {
    t = await fresh();
    await t.chain.submit(remarkTx('Alice', 0));
    await produce(t);
    pending = remarkTx('Alice', 1, 'pending');
    await t.chain.submit(pending);
  });

  const valid = () => remarkTx('Bob', 0, 'valid');
  const flip = (bytes: Uint8Array, at: number): Uint8Array => {
    const copy = Uint8Array.from(bytes);
    copy[at] = (copy[at] as number) ^ 0x01;
    return copy;
  };
  const callOffset = (bytes: Uint8Array, call: RuntimeCall) => bytes.length - encode(RuntimeCall, call).length;

  const cases: [string, () => Uint8Array, Parameters<typeof rejectsWith>[1]][] = [
    ['a flipped signature byte', () => flip(valid(), 1 + 32 + 1 + 10), 'BAD_SIGNATURE'],
    ['an altered call after signing', () => flip(valid(), valid().length - 1), 'BAD_SIGNATURE'],
    [
      'another signer claimed',
      () => {
        const bytes = valid();
        bytes.set(key('Charlie').publicKey, 1);
        return bytes;
      },
      'BAD_SIGNATURE',
    ],
    [
      'a signature for another chain (foreign genesis hash)',
      () => tx('Bob', 0, calls.remark('x'), { genesisHash: new Uint8Array(32).fill(9) }),
      'BAD_SIGNATURE',
    ],
    ['malformed bytes', () => Uint8Array.of(1, 2, 3), 'TX_INVALID_CALL'],
    ['no bytes at all', () => new Uint8Array(0), 'TX_INVALID_CALL'],
    ['a truncated extrinsic', () => valid().subarray(0, 80), 'TX_INVALID_CALL'],
    ['trailing bytes', () => Uint8Array.from([...valid(), 0]), 'TX_INVALID_CALL'],
    ['more than maxExtrinsicBytes', () => new Uint8Array(BLOCK_LIMITS.maxExtrinsicBytes + 1), 'TX_TOO_LARGE'],
    [
      'an unknown call variant',
      () => {
        const bytes = valid();
        bytes[callOffset(bytes, calls.remark('valid'))] = 0xee;
        return bytes;
      },
      'TX_INVALID_CALL',
    ],
    [
      'a remark above the runtime limit (1024 bytes)',
      () => {
        const max = tx('Bob', 0, calls.remark(new Uint8Array(1024)));
        const at = callOffset(max, calls.remark(new Uint8Array(1024))) + 2; // after the pallet and call tags
        const bytes = Uint8Array.from([...max, ...new Uint8Array(976)]);
        bytes.set(encode(compactU32, 2000), at); // same 2-byte compact width as 1024
        return bytes;
      },
      'TX_INVALID_CALL',
    ],
    ['a stale nonce', () => remarkTx('Alice', 0, 'stale'), 'TX_STALE'],
    ['a nonce too far ahead', () => remarkTx('Alice', 1000), 'TX_FUTURE'],
    ['a signer who cannot pay the fee', () => remarkTx('//Nobody', 0), 'TX_PAYMENT'],
    ['a tip above the balance', () => remarkTx('Bob', 0, 'rich tip', 10n ** 30n), 'TX_PAYMENT'],
    ['the pending transaction again', () => pending, 'TX_DUPLICATE'],
  ];

  for (const [name, make, code] of cases) {
    test(`${name}: ${code}`, async () => {
      const before = await chainFingerprint(t.chain);
      assert.equal(before.pool, 1);
      await rejectsWith(t.chain.submit(make()), code);
      assert.deepEqual(await chainFingerprint(t.chain), before);
      assert.ok(t.chain.pool.has(extrinsicHash(pending)));
    });
  }

  test('after all refusals the next block holds just the pending transaction', async () => {
    const block = await produce(t);
    assert.deepEqual(block.block.extrinsics.map(toHex), [toHex(pending)]);
    assert.equal(readAccount(t.chain.bestState.flat, key('Alice').publicKey).nonce, 2);
  });
});
