// The transaction pool on its own, over the dev genesis state: admission rules and their error
// codes, the ready/future split per account, replacement, limits and eviction, block order
// across accounts, and the clean-up after a block (with watcher notifications).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import {
  BlockExecutor,
  buildGenesisState,
  type CheckedExtrinsic,
  checkExtrinsic,
  feeFor,
  MapState,
  readAccount,
  type StateReader,
} from '@phalanx/runtime';
import { TxPool } from '../src/pool/tx-pool.js';
import type { TxStatus } from '../src/pool/types.js';
import { calls, dev, devGenesisHash, GENESIS_TIME, key, remarkTx, throwsWith, tx } from './helpers.js';

let genesis: MapState;

function freshState(): MapState {
  const copy = new MapState();
  for (const [k, v] of genesis.map) copy.map.set(k, v);
  return copy;
}

const check = (bytes: Uint8Array): CheckedExtrinsic => checkExtrinsic(bytes, devGenesisHash());
const remark = (who: string, nonce: number, tip = 0n, label?: string) =>
  check(remarkTx(who, nonce, label ?? `${who}#${nonce}#${tip}`, tip));

/** Signer names and nonces of the pool's ready transactions, in block order. */
function readyOrder(pool: TxPool, state: StateReader): string[] {
  const names = new Map(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => [toHex(key(n).publicKey), n]));
  return [...pool.ready(state)].map((t) => `${names.get(toHex(t.checked.signer))}${t.nonce}`);
}

/** Runs `included` as block 1 over `state` (the real runtime) and applies its changes. */
function executeBlock(state: MapState, included: CheckedExtrinsic[]): void {
  const executor = new BlockExecutor(
    state,
    { number: 1, timestamp: GENESIS_TIME + 6000n, author: key('Alice').publicKey, parentHash: devGenesisHash() },
    new Uint8Array(64),
  );
  for (const checked of included) executor.apply(checked);
  state.apply(executor.finalize().changes);
}

function watchAll(pool: TxPool, checked: CheckedExtrinsic): TxStatus[] {
  const seen: TxStatus[] = [];
  pool.watch(checked.hash, (status) => seen.push(status));
  return seen;
}

before(async () => {
  await cryptoReady();
  genesis = buildGenesisState(dev());
});

describe('TxPool admission', () => {
  test('contiguous nonces are ready and come out in nonce order', () => {
    const state = freshState();
    const pool = new TxPool();
    assert.equal(pool.submit(state, remark('Alice', 0)), 'ready');
    assert.equal(pool.submit(state, remark('Alice', 1)), 'ready');
    assert.equal(pool.submit(state, remark('Alice', 2)), 'ready');
    assert.equal(pool.size, 3);
    assert.deepEqual(readyOrder(pool, state), ['Alice0', 'Alice1', 'Alice2']);
    assert.equal(pool.nextNonce(state, key('Alice').publicKey), 3);
  });

  test('a nonce gap waits in the future queue and is promoted when the gap fills', () => {
    const state = freshState();
    const pool = new TxPool();
    assert.equal(pool.submit(state, remark('Bob', 2)), 'future');
    assert.equal(pool.submit(state, remark('Bob', 1)), 'future');
    assert.deepEqual(readyOrder(pool, state), []);
    assert.equal(pool.nextNonce(state, key('Bob').publicKey), 0, 'the pending nonce counts contiguous transactions only');
    assert.equal(pool.submit(state, remark('Bob', 0)), 'ready');
    assert.deepEqual(readyOrder(pool, state), ['Bob0', 'Bob1', 'Bob2']);
    assert.equal(pool.nextNonce(state, key('Bob').publicKey), 3);
  });

  test('the same transaction twice is TX_DUPLICATE; the same nonce with no higher tip too', () => {
    const state = freshState();
    const pool = new TxPool();
    const first = remark('Alice', 0, 5n, 'first');
    pool.submit(state, first);
    throwsWith(() => pool.submit(state, first), 'TX_DUPLICATE');
    throwsWith(() => pool.submit(state, remark('Alice', 0, 5n, 'other call, same tip')), 'TX_DUPLICATE');
    throwsWith(() => pool.submit(state, remark('Alice', 0, 4n, 'lower tip')), 'TX_DUPLICATE');
    assert.equal(pool.size, 1);
    assert.ok(pool.has(first.hash));
  });

  test('a higher tip replaces the waiting transaction of the same nonce (its watcher hears dropped)', () => {
    const state = freshState();
    const pool = new TxPool();
    const low = remark('Alice', 0, 1n, 'low');
    const seen = watchAll(pool, low);
    pool.submit(state, low);
    const next = remark('Alice', 1, 0n);
    pool.submit(state, next);
    const high = remark('Alice', 0, 2n, 'high');
    assert.equal(pool.submit(state, high), 'ready');
    assert.equal(pool.size, 2);
    assert.ok(!pool.has(low.hash));
    assert.ok(pool.has(high.hash));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.kind, 'dropped');
    assert.deepEqual(
      [...pool.ready(state)].map((t) => toHex(t.checked.hash)),
      [toHex(high.hash), toHex(next.hash)],
    );
  });

  test('a used nonce is TX_STALE', () => {
    const state = freshState();
    executeBlock(state, [remark('Alice', 0), remark('Alice', 1)]);
    assert.equal(readAccount(state, key('Alice').publicKey).nonce, 2);
    const pool = new TxPool();
    throwsWith(() => pool.submit(state, remark('Alice', 1, 0n, 'again')), 'TX_STALE');
    throwsWith(() => pool.submit(state, remark('Alice', 0, 0n, 'again')), 'TX_STALE');
    assert.equal(pool.submit(state, remark('Alice', 2)), 'ready');
    assert.equal(pool.size, 1);
  });

  test('a fee the signer cannot pay is TX_PAYMENT (no account, or a tip above the balance)', () => {
    const state = freshState();
    const pool = new TxPool();
    throwsWith(() => pool.submit(state, check(remarkTx('//Nobody', 0))), 'TX_PAYMENT');
    const free = readAccount(state, key('Bob').publicKey).free;
    throwsWith(() => pool.submit(state, remark('Bob', 0, free)), 'TX_PAYMENT');
    assert.equal(pool.size, 0);
  });

  test('a nonce further ahead than maxNonceGap is TX_FUTURE; at the gap it waits', () => {
    const state = freshState();
    const pool = new TxPool({ maxNonceGap: 4 });
    throwsWith(() => pool.submit(state, remark('Alice', 5)), 'TX_FUTURE');
    assert.equal(pool.submit(state, remark('Alice', 4)), 'future');
    assert.equal(pool.size, 1);
    throwsWith(() => new TxPool().submit(state, remark('Alice', 257)), 'TX_FUTURE');
  });

  test('per-account limit: TX_POOL_FULL for the account only', () => {
    const state = freshState();
    const pool = new TxPool({ maxPerAccount: 3 });
    for (let n = 0; n < 3; n++) pool.submit(state, remark('Alice', n));
    throwsWith(() => pool.submit(state, remark('Alice', 3)), 'TX_POOL_FULL');
    // Replacing a waiting one is still allowed (it does not add to the queue) …
    assert.equal(pool.submit(state, remark('Alice', 2, 9n)), 'ready');
    // … and other accounts are not affected.
    assert.equal(pool.submit(state, remark('Bob', 0)), 'ready');
    assert.equal(pool.size, 4);
  });

  test('total limit: a low tip is refused with TX_POOL_FULL; a higher tip evicts the lowest priority', () => {
    const state = freshState();
    const pool = new TxPool({ maxTotal: 3 });
    const bob = remark('Bob', 0, 3n);
    const charlie = remark('Charlie', 0, 1n);
    const dave = remark('Dave', 0, 2n);
    for (const t of [bob, charlie, dave]) pool.submit(state, t);
    const charlieSeen = watchAll(pool, charlie);
    throwsWith(() => pool.submit(state, remark('Eve', 0, 1n)), 'TX_POOL_FULL');
    throwsWith(() => pool.submit(state, remark('Eve', 0, 0n)), 'TX_POOL_FULL');
    assert.equal(pool.size, 3);
    const eve = remark('Eve', 0, 5n);
    assert.equal(pool.submit(state, eve), 'ready');
    assert.equal(pool.size, 3);
    assert.ok(!pool.has(charlie.hash), 'the lowest tip was evicted');
    assert.deepEqual(
      charlieSeen.map((s) => s.kind),
      ['dropped'],
    );
    assert.deepEqual(readyOrder(pool, state), ['Eve0', 'Bob0', 'Dave0']);
  });

  test('eviction among equal priorities takes the highest nonce first', () => {
    const state = freshState();
    const pool = new TxPool({ maxTotal: 3 });
    const alice = [0, 1, 2].map((n) => remark('Alice', n));
    for (const t of alice) pool.submit(state, t);
    const aliceSeen = watchAll(pool, alice[2] as CheckedExtrinsic);
    pool.submit(state, remark('Bob', 0, 1n));
    assert.ok(!pool.has((alice[2] as CheckedExtrinsic).hash));
    assert.deepEqual(
      aliceSeen.map((s) => s.kind),
      ['dropped'],
    );
    assert.deepEqual(readyOrder(pool, state), ['Bob0', 'Alice0', 'Alice1']);
  });
});

describe('TxPool block order', () => {
  test('across accounts the higher tip first, then arrival; per account always by nonce', () => {
    const state = freshState();
    const pool = new TxPool();
    pool.submit(state, remark('Bob', 0, 0n));
    pool.submit(state, remark('Charlie', 0, 5n));
    pool.submit(state, remark('Dave', 0, 5n));
    pool.submit(state, remark('Bob', 1, 100n)); // a high tip cannot jump its own account's queue
    pool.submit(state, remark('Eve', 0, 1n));
    pool.submit(state, remark('Ferdie', 1, 50n)); // future: never offered
    assert.deepEqual(readyOrder(pool, state), ['Charlie0', 'Dave0', 'Eve0', 'Bob0', 'Bob1']);
  });

  test('ready() starts each account at its state nonce', () => {
    const state = freshState();
    const pool = new TxPool();
    for (let n = 0; n < 3; n++) pool.submit(state, remark('Alice', n));
    const after = freshState();
    executeBlock(after, [remark('Alice', 0)]);
    assert.deepEqual(readyOrder(pool, after), ['Alice1', 'Alice2']);
  });
});

describe('TxPool after a block', () => {
  test('drops included (inBlock) and now-stale or unpayable transactions (invalid), keeps the rest', () => {
    const state = freshState();
    const pool = new TxPool();
    const a0 = remark('Alice', 0);
    const a1 = remark('Alice', 1);
    const a2 = remark('Alice', 2);
    const b0 = remark('Bob', 0);
    const c3 = remark('Charlie', 3); // future, untouched
    // Dave reserves nearly everything in the block; his pooled nonce-1 transaction can no longer pay.
    const dave = key('Dave').publicKey;
    const free = readAccount(state, dave).free;
    const probe = tx('Dave', 0, calls.reserve(free));
    const reserveAll = check(tx('Dave', 0, calls.reserve(free - feeFor(probe.length, 0n) - 1n)));
    assert.equal(reserveAll.bytes.length, probe.length);
    const d1 = remark('Dave', 1);
    for (const t of [a0, a1, a2, b0, c3, d1]) pool.submit(state, t);
    const seen = new Map([a0, a1, a2, b0, c3, d1].map((t) => [toHex(t.hash), watchAll(pool, t)]));
    const statuses = (t: CheckedExtrinsic) => seen.get(toHex(t.hash))?.map((s) => s.kind);

    // The block holds a0, a different transaction with Alice's nonce 1, and Dave's reservation.
    const otherA1 = remark('Alice', 1, 0n, 'sent elsewhere');
    executeBlock(state, [a0, otherA1, reserveAll]);
    assert.equal(readAccount(state, dave).free, 1n);
    const blockHash = new Uint8Array(32).fill(7);
    pool.onBlock(state, blockHash, [a0.hash, otherA1.hash, reserveAll.hash]);

    assert.deepEqual(statuses(a0), ['inBlock']);
    const inBlock = seen.get(toHex(a0.hash))?.[0];
    assert.ok(inBlock?.kind === 'inBlock' && Buffer.compare(inBlock.block, blockHash) === 0);
    assert.deepEqual(statuses(a1), ['invalid']);
    assert.deepEqual(statuses(d1), ['invalid']);
    assert.deepEqual(statuses(a2), []);
    assert.deepEqual(statuses(b0), []);
    assert.deepEqual(statuses(c3), []);
    assert.equal(pool.size, 3);
    for (const t of [a0, a1, d1]) assert.ok(!pool.has(t.hash));
    assert.deepEqual(readyOrder(pool, state), ['Alice2', 'Bob0']);
    assert.equal(pool.nextNonce(state, key('Alice').publicKey), 3);
    assert.equal(pool.nextNonce(state, key('Charlie').publicKey), 0);
  });

  test('reject() removes a transaction and reports it invalid; watchers are released', () => {
    const state = freshState();
    const pool = new TxPool();
    const t = remark('Alice', 0);
    pool.submit(state, t);
    const seen = watchAll(pool, t);
    pool.reject(t.hash, 'cannot be included');
    pool.notify(t.hash, { kind: 'ready' }); // no listener any more
    assert.deepEqual(seen, [{ kind: 'invalid', reason: 'cannot be included' }]);
    assert.equal(pool.size, 0);
    assert.deepEqual(readyOrder(pool, state), []);
  });
});
