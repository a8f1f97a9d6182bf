// System pallet: block initialisation (number, parent hash, block-hash history and its pruning,
// randomness from seals), events stored at finalisation, remark.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady } from '@phalanx/crypto';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { BlockExecutor, Overlay, RUNTIME, System, Timestamp } from '../src/index.js';
import {
  calls,
  envFor,
  eventNames,
  eventsOf,
  expectCode,
  fakeBlockHash,
  GENESIS_TIME,
  genesis,
  hex,
  keys,
  runBlock,
  tx,
} from './helpers.js';

before(async () => {
  await cryptoReady();
});

const seal = (fill: number) => new Uint8Array(64).fill(fill);

describe('System: block initialisation', () => {
  test('genesis has block number 0, the chain name, and no block hashes or events', () => {
    const state = genesis();
    assert.equal(System.Number.get(state), 0);
    assert.equal(System.ChainName.get(state), 'Phalanx Development');
    assert.equal(System.BlockHash.get(state, 0), undefined);
    assert.equal(System.Events.get(state), undefined);
    assert.equal(Timestamp.Now.get(state), GENESIS_TIME);
  });

  test('each block sets Number, ParentHash and BlockHash[number - 1]', () => {
    const state = genesis();
    for (let n = 1; n <= 3; n++) {
      runBlock(state, n, []);
      assert.equal(System.Number.get(state), n);
      assert.equal(hex(System.ParentHash.get(state) ?? new Uint8Array()), hex(fakeBlockHash(n - 1)));
    }
    for (let n = 0; n < 3; n++) assert.equal(hex(System.BlockHash.get(state, n) ?? new Uint8Array()), hex(fakeBlockHash(n)));
    assert.equal(System.BlockHash.get(state, 3), undefined);
  });

  test('BlockHash keeps exactly blockHashHistory entries: the one falling out is pruned', () => {
    const history = RUNTIME.blockHashHistory;
    const state = genesis();
    // Pretend blocks up to `n - 1` exist with hashes of their number.
    const n = history + 10;
    const seed = new Overlay(state);
    for (let k = 0; k < n - 1; k++) System.BlockHash.set(seed, k, fakeBlockHash(k));
    state.apply(seed.changes());

    const executor = new BlockExecutor(state, envFor(n), seal(0));
    const { changes } = executor.finalize();
    state.apply(changes);
    const expired = n - 1 - history;
    assert.equal(System.BlockHash.get(state, expired), undefined, 'the hash history+1 blocks back is pruned');
    assert.equal(hex(System.BlockHash.get(state, expired + 1) ?? new Uint8Array()), hex(fakeBlockHash(expired + 1)));
    assert.equal(hex(System.BlockHash.get(state, n - 1) ?? new Uint8Array()), hex(fakeBlockHash(n - 1)));
    // The removal shows in the block's changes as a delete of that key.
    const expiredKey = hex(System.BlockHash.keyOf(expired));
    assert.ok(changes.some(([k, v]) => hex(k) === expiredKey && v === undefined));
    // Older entries (pruned in earlier blocks in a real chain) are not touched by this block.
    assert.ok(System.BlockHash.get(state, expired - 1) !== undefined);
  });

  test('a chain longer than the history holds exactly blockHashHistory hashes', () => {
    const history = RUNTIME.blockHashHistory;
    const state = genesis();
    const last = history + 3;
    for (let n = 1; n <= last; n++) runBlock(state, n, []);
    let count = 0;
    for (let k = 0; k < last; k++) if (System.BlockHash.get(state, k) !== undefined) count++;
    assert.equal(count, history);
    assert.equal(System.BlockHash.get(state, last - 1 - history), undefined);
    assert.ok(System.BlockHash.get(state, last - history) !== undefined);
  });

  test('randomness is blake2_256(previous ‖ parent seal): deterministic, and changes with the seal', () => {
    const state = genesis();
    const a = genesis();
    const b = genesis();
    runBlock(a, 1, [], { parentSeal: seal(1) });
    runBlock(b, 1, [], { parentSeal: seal(1) });
    const ra = System.Randomness.get(a);
    assert.ok(ra !== undefined);
    assert.equal(hex(ra), hex(System.Randomness.get(b) ?? new Uint8Array()), 'same parent, same seal: same randomness');
    assert.equal(hex(ra), hex(blake2_256(Uint8Array.from([...new Uint8Array(32), ...seal(1)]))));

    runBlock(state, 1, [], { parentSeal: seal(2) });
    assert.notEqual(hex(System.Randomness.get(state) ?? new Uint8Array()), hex(ra), 'another seal, another seed');

    // The next block mixes the previous seed in.
    runBlock(a, 2, [], { parentSeal: seal(3) });
    assert.equal(hex(System.Randomness.get(a) ?? new Uint8Array()), hex(blake2_256(Uint8Array.from([...ra, ...seal(3)]))));
  });

  test('a block that does not advance the timestamp fails initialisation', () => {
    const state = genesis();
    expectCode(() => new BlockExecutor(state, envFor(1, { timestamp: GENESIS_TIME }), seal(0)), 'BLOCK_INVALID');
  });
});

describe('System: events', () => {
  test('Events stored at finalisation equal the returned events, with phases per extrinsic', () => {
    const state = genesis();
    const { alice, bob } = keys;
    const result = runBlock(state, 1, [
      tx(alice, 0, calls.remark(new Uint8Array([1, 2, 3]))),
      tx(bob, 0, calls.transfer(alice.publicKey, 5n)),
    ]);
    const stored = System.Events.get(state);
    assert.deepEqual(stored, result.events);
    assert.deepEqual(
      result.events.map((record) => (record.phase.tag === 'ApplyExtrinsic' ? record.phase.value : record.phase.tag)),
      [0, 0, 0, 1, 1, 1],
    );
    assert.deepEqual(eventNames(result.events), [
      'Balances.FeePaid',
      'System.Remarked',
      'System.ExtrinsicSuccess',
      'Balances.FeePaid',
      'Balances.Transfer',
      'System.ExtrinsicSuccess',
    ]);
    assert.deepEqual(eventsOf(result.events, 'System', 'ExtrinsicSuccess'), [{ index: 0 }, { index: 1 }]);
  });

  test("each block's Events replace the previous block's (an empty block stores none)", () => {
    const state = genesis();
    runBlock(state, 1, [tx(keys.alice, 0, calls.remark(new Uint8Array()))]);
    assert.equal(System.Events.get(state)?.length, 3);
    const empty = runBlock(state, 2, []);
    assert.deepEqual(empty.events, []);
    assert.deepEqual(System.Events.get(state), []);
  });

  test('remark emits Remarked{sender, blake2_256(remark)}', () => {
    const state = genesis();
    const remark = new TextEncoder().encode('anchored data');
    const { events, outcomes } = runBlock(state, 1, [tx(keys.charlie, 0, calls.remark(remark))]);
    assert.deepEqual(outcomes, [{ ok: true }]);
    const [remarked] = eventsOf(events, 'System', 'Remarked') as Array<{ sender: Uint8Array; hash: Uint8Array }>;
    assert.ok(remarked !== undefined);
    assert.equal(hex(remarked.sender), hex(keys.charlie.publicKey));
    assert.equal(hex(remarked.hash), hex(blake2AsU8a(remark, 256)));
  });

  test('a remark over maxRemarkBytes cannot even be encoded; at the limit it is fine', () => {
    expectCode(() => tx(keys.alice, 0, calls.remark(new Uint8Array(RUNTIME.maxRemarkBytes + 1))), 'ENCODE');
    const state = genesis();
    const { outcomes } = runBlock(state, 1, [tx(keys.alice, 0, calls.remark(new Uint8Array(RUNTIME.maxRemarkBytes)))]);
    assert.deepEqual(outcomes, [{ ok: true }]);
  });

  test('the runtime never writes outside its own items (a block only touches known prefixes)', () => {
    const state = genesis();
    const { changes } = runBlock(state, 1, [
      tx(keys.alice, 0, calls.transfer(new Uint8Array(32).fill(9), RUNTIME.existentialDeposit)),
    ]);
    const known = [System.Number.key, System.ParentHash.key, System.Events.key, System.Randomness.key, Timestamp.Now.key].map(
      hex,
    );
    const prefixes = [System.BlockHash.prefix, System.Account.prefix].map(hex);
    for (const [k] of changes) {
      const h = hex(k);
      assert.ok(known.includes(h) || prefixes.some((p) => h.startsWith(p)), `unexpected key ${h}`);
    }
  });
});
