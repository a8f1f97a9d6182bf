// Timestamp: each block records its header's time, which must be strictly after its parent's.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { BlockExecutor, executeBlock, MapState, Timestamp } from '../src/index.js';
import { calls, check, envFor, expectCode, GENESIS_TIME, genesis, keys, runBlock, snapshot, tx } from './helpers.js';

before(async () => {
  await cryptoReady();
});

const SEAL = new Uint8Array(64);

describe('Timestamp', () => {
  test('Timestamp.Now follows the block headers', () => {
    const state = genesis();
    assert.equal(Timestamp.Now.get(state), GENESIS_TIME);
    runBlock(state, 1, [], { timestamp: GENESIS_TIME + 1n });
    assert.equal(Timestamp.Now.get(state), GENESIS_TIME + 1n);
    runBlock(state, 2, [], { timestamp: GENESIS_TIME + 60_000n });
    assert.equal(Timestamp.Now.get(state), GENESIS_TIME + 60_000n);
  });

  test("executeBlock refuses a block whose timestamp is not after its parent's (BLOCK_INVALID)", () => {
    const state = genesis();
    const before = snapshot(state);
    const extrinsics = [check(tx(keys.bob, 0, calls.remark(new Uint8Array([1]))))];
    for (const timestamp of [GENESIS_TIME, GENESIS_TIME - 1n, 0n]) {
      const error = expectCode(() => executeBlock(state, envFor(1, { timestamp }), SEAL, extrinsics), 'BLOCK_INVALID');
      assert.match(error.message, /timestamp/);
    }
    assert.deepEqual(snapshot(state), before, 'the parent state is untouched');
    const ok = executeBlock(state, envFor(1, { timestamp: GENESIS_TIME + 1n }), SEAL, extrinsics);
    assert.equal(ok.events.length, 3);
  });

  test('the check chains: block 2 must be later than block 1, not just later than genesis', () => {
    const state = genesis();
    const t1 = GENESIS_TIME + 10_000n;
    runBlock(state, 1, [], { timestamp: t1 });
    expectCode(() => executeBlock(state, envFor(2, { timestamp: t1 }), SEAL, []), 'BLOCK_INVALID');
    expectCode(() => executeBlock(state, envFor(2, { timestamp: t1 - 5_000n }), SEAL, []), 'BLOCK_INVALID');
    executeBlock(state, envFor(2, { timestamp: t1 + 1n }), SEAL, []);
  });

  test('the BlockExecutor constructor itself throws BLOCK_INVALID (a builder cannot start such a block)', () => {
    const state = genesis();
    assert.throws(
      () => new BlockExecutor(state, envFor(1, { timestamp: GENESIS_TIME }), SEAL),
      (error: unknown) => isPhalanxError(error, 'BLOCK_INVALID'),
    );
  });

  test('a state without Timestamp.Now (no genesis) accepts any first timestamp', () => {
    const state = new MapState();
    const { changes } = executeBlock(state, envFor(1, { timestamp: 0n }), SEAL, []);
    state.apply(changes);
    assert.equal(Timestamp.Now.get(state), 0n);
  });
});
