// Executive: inclusion rules (nonce, fee), pool validation, stateless checks (signature bound to
// the genesis hash, scheme, altered fields), block import (determinism, BLOCK_INVALID).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, type Keypair } from '@phalanx/crypto';
import { BLOCK_LIMITS } from '@phalanx/primitives';
import { decode, encode } from '@phalanx/scale';
import {
  type BlockExecution,
  BlockExecutor,
  checkExtrinsic,
  DispatchError,
  DispatchErrorRecord,
  decodeExtrinsic,
  dispatchErrorRecord,
  Extrinsic,
  executeBlock,
  feeFor,
  RUNTIME,
  System,
  validateTransaction,
} from '../src/index.js';
import {
  account,
  calls,
  check,
  envFor,
  eventNames,
  expectCode,
  GENESIS_HASH,
  genesis,
  hex,
  key,
  keys,
  runBlock,
  snapshot,
  tx,
} from './helpers.js';

before(async () => {
  await cryptoReady();
});

const SEAL = new Uint8Array(64).fill(7);
const remark = (n: number) => calls.remark(Uint8Array.of(n));
const showChanges = (execution: BlockExecution) => execution.changes.map(([k, v]) => [hex(k), v === undefined ? null : hex(v)]);

/** A key with no account on the dev chain. */
const stranger = (): Keypair => key('Ferdie', 'ed25519');

describe('Executive: inclusion (BlockExecutor.apply)', () => {
  test('a stale or future nonce cannot be included: throws, leaves state and events untouched', () => {
    const state = genesis();
    runBlock(state, 1, [tx(keys.bob, 0, remark(0))]);
    const executor = new BlockExecutor(state, envFor(2), SEAL);
    assert.deepEqual(executor.apply(check(tx(keys.charlie, 0, remark(1)))), { ok: true });
    const changesBefore = executor.state.changes().map(([k, v]) => [hex(k), v && hex(v)]);

    expectCode(() => executor.apply(check(tx(keys.bob, 0, remark(2)))), 'TX_STALE');
    expectCode(() => executor.apply(check(tx(keys.bob, 2, remark(3)))), 'TX_FUTURE');
    expectCode(() => executor.apply(check(tx(keys.charlie, 0, remark(4)))), 'TX_STALE');
    assert.equal(executor.extrinsicCount, 1);
    assert.deepEqual(
      executor.state.changes().map(([k, v]) => [hex(k), v && hex(v)]),
      changesBefore,
    );

    // The next includable extrinsic gets the next index: rejected ones leave no gap.
    assert.deepEqual(executor.apply(check(tx(keys.bob, 1, remark(5)))), { ok: true });
    const { events } = executor.finalize();
    assert.deepEqual(
      events.map((record) => (record.phase.tag === 'ApplyExtrinsic' ? record.phase.value : -1)),
      [0, 0, 0, 1, 1, 1],
    );
    assert.deepEqual(eventNames(events).filter((name) => name === 'System.ExtrinsicSuccess').length, 2);
    assert.equal(account(executor.state, keys.bob).nonce, 2);
  });

  test('an unpayable fee cannot be included (TX_PAYMENT); exactly the fee is payable', () => {
    const state = genesis();
    const poor = stranger();
    expectCode(() => runBlock(state, 1, [tx(poor, 0, remark(0))]), 'TX_PAYMENT');

    // Fund it with the existential deposit, then spend exactly all of it on one fee (via the tip).
    runBlock(state, 1, [tx(keys.bob, 0, calls.transfer(poor.publicKey, RUNTIME.existentialDeposit))]);
    const probe = tx(poor, 0, remark(0), RUNTIME.existentialDeposit / 2n); // a tip of the same encoded width
    const tipForAll = RUNTIME.existentialDeposit - feeFor(probe.length, 0n);
    const tooMuch = tx(poor, 0, remark(0), tipForAll + 1n);
    const exact = tx(poor, 0, remark(0), tipForAll);
    assert.equal(tooMuch.length, exact.length);
    assert.equal(feeFor(exact.length, tipForAll), RUNTIME.existentialDeposit);
    const executor = new BlockExecutor(state, envFor(2), SEAL);
    expectCode(() => executor.apply(check(tooMuch)), 'TX_PAYMENT');
    assert.deepEqual(executor.apply(check(exact)), { ok: true });
    assert.deepEqual(account(executor.state, poor), { nonce: 1, free: 0n, reserved: 0n });
  });

  test('apply or finalize after finalisation is an internal error', () => {
    const executor = new BlockExecutor(genesis(), envFor(1), SEAL);
    executor.finalize();
    expectCode(() => executor.apply(check(tx(keys.bob, 0, remark(0)))), 'INTERNAL');
    expectCode(() => executor.finalize(), 'INTERNAL');
  });
});

describe('Executive: validateTransaction (pool checks)', () => {
  test('current nonce: valid, with the fee and the tip as priority', () => {
    const state = genesis();
    const bytes = tx(keys.bob, 0, remark(0), 123n);
    assert.deepEqual(validateTransaction(state, check(bytes)), {
      accountNonce: 0,
      nonce: 0,
      fee: feeFor(bytes.length, 123n),
      priority: 123n,
    });
  });

  test('stale nonce: TX_STALE; future nonce: valid but waiting (nonce > accountNonce)', () => {
    const state = genesis();
    runBlock(state, 1, [tx(keys.bob, 0, remark(0)), tx(keys.bob, 1, remark(1))]);
    const stale = expectCode(() => validateTransaction(state, check(tx(keys.bob, 1, remark(2)))), 'TX_STALE');
    assert.deepEqual({ ...stale.details }, { nonce: 1, expected: 2 });
    const future = validateTransaction(state, check(tx(keys.bob, 9, remark(3))));
    assert.equal(future.accountNonce, 2);
    assert.equal(future.nonce, 9);
  });

  test('unpayable fee: TX_PAYMENT (also for a future nonce)', () => {
    const state = genesis();
    expectCode(() => validateTransaction(state, check(tx(stranger(), 0, remark(0)))), 'TX_PAYMENT');
    expectCode(() => validateTransaction(state, check(tx(stranger(), 3, remark(0)))), 'TX_PAYMENT');
    const rich = account(state, keys.bob).free;
    expectCode(() => validateTransaction(state, check(tx(keys.bob, 0, remark(0), rich))), 'TX_PAYMENT');
  });
});

describe('Executive: checkExtrinsic', () => {
  test('a valid extrinsic: signer, hash = blake2_256(bytes), decoded fields', () => {
    const bytes = tx(keys.bob, 4, remark(9), 5n);
    const checked = check(bytes);
    assert.equal(hex(checked.signer), hex(keys.bob.publicKey));
    assert.equal(hex(checked.hash), hex(blake2_256(bytes)));
    assert.equal(checked.bytes, bytes);
    assert.equal(checked.extrinsic.nonce, 4);
    assert.equal(checked.extrinsic.tip, 5n);
    assert.deepEqual(checked.extrinsic.call, remark(9));
  });

  test('a signature for another genesis hash is BAD_SIGNATURE', () => {
    const other = new Uint8Array(32).fill(0x48);
    const bytes = tx(keys.bob, 0, remark(0), 0n, other);
    expectCode(() => check(bytes), 'BAD_SIGNATURE');
    assert.equal(hex(checkExtrinsic(bytes, other).signer), hex(keys.bob.publicKey));
  });

  test('altered call, nonce, tip or signer is BAD_SIGNATURE', () => {
    const original = decode(Extrinsic, tx(keys.bob, 1, calls.transfer(keys.charlie.publicKey, 100n), 2n));
    const variants = [
      { ...original, call: calls.transfer(keys.charlie.publicKey, 101n) },
      { ...original, call: calls.transfer(keys.dave.publicKey, 100n) },
      { ...original, nonce: 2 },
      { ...original, tip: 3n },
      { ...original, signer: { tag: 'Sr25519' as const, value: keys.charlie.publicKey } },
      { ...original, signer: { tag: 'Ed25519' as const, value: original.signer.value } },
      { ...original, signature: { tag: 'Ed25519' as const, value: original.signature.value } },
    ];
    for (const variant of variants) expectCode(() => check(encode(Extrinsic, variant)), 'BAD_SIGNATURE');
    check(encode(Extrinsic, original));
  });

  test('ed25519-signed extrinsics verify and apply', () => {
    const state = genesis();
    const ed = key('Alice', 'ed25519');
    assert.notEqual(hex(ed.publicKey), hex(keys.alice.publicKey));
    runBlock(state, 1, [tx(keys.bob, 0, calls.transfer(ed.publicKey, 10n * RUNTIME.existentialDeposit))]);
    const bytes = tx(ed, 0, calls.transfer(keys.charlie.publicKey, RUNTIME.existentialDeposit));
    const checked = check(bytes);
    assert.equal(checked.extrinsic.signer.tag, 'Ed25519');
    assert.equal(checked.extrinsic.signature.tag, 'Ed25519');
    const { outcomes } = runBlock(state, 2, [bytes]);
    assert.deepEqual(outcomes, [{ ok: true }]);
    assert.equal(account(state, ed).nonce, 1);
  });

  test('signatureVerified = true skips the signature check (for callers that verified in parallel)', () => {
    const bytes = tx(keys.bob, 0, remark(0), 0n, new Uint8Array(32));
    expectCode(() => checkExtrinsic(bytes, GENESIS_HASH), 'BAD_SIGNATURE');
    assert.equal(hex(checkExtrinsic(bytes, GENESIS_HASH, true).signer), hex(keys.bob.publicKey));
  });

  test('oversized input is TX_TOO_LARGE before any decoding; non-bytes are INVALID_INPUT', () => {
    expectCode(() => decodeExtrinsic(new Uint8Array(BLOCK_LIMITS.maxExtrinsicBytes + 1)), 'TX_TOO_LARGE');
    expectCode(() => decodeExtrinsic('00' as unknown as Uint8Array), 'INVALID_INPUT');
    expectCode(() => decodeExtrinsic(new Uint8Array(BLOCK_LIMITS.maxExtrinsicBytes)), 'TX_INVALID_CALL');
  });
});

describe('Executive: executeBlock (import)', () => {
  test('is deterministic: the same extrinsics from the same parent give identical changes and events', () => {
    const parent = genesis();
    runBlock(parent, 1, [tx(keys.eve, 0, remark(0))]);
    const before = snapshot(parent);
    const fresh = new Uint8Array(32).fill(0xee);
    const txs = [
      tx(keys.alice, 0, calls.transfer(keys.bob.publicKey, 1_000n)),
      tx(keys.bob, 0, calls.transfer(fresh, RUNTIME.existentialDeposit)),
      tx(keys.bob, 1, calls.transfer(fresh, 10n ** 30n)), // fails: insufficient
      tx(keys.charlie, 0, calls.sudo(remark(1))), // fails: RequireSudo
      tx(keys.eve, 1, calls.reserve(77n), 5n),
    ];
    const header = envFor(2, { author: keys.dave.publicKey });
    const a = executeBlock(parent, header, SEAL, txs.map(check));
    const b = executeBlock(
      parent,
      header,
      SEAL,
      txs.map((bytes) => check(bytes.slice())),
    );
    assert.deepEqual(showChanges(a), showChanges(b));
    assert.deepEqual(a.events, b.events);
    assert.deepEqual(snapshot(parent), before, 'executeBlock never writes to the parent state');

    // And equals what a block builder produced.
    const built = runBlock(parent, 2, txs, { author: keys.dave.publicKey, parentSeal: SEAL });
    assert.deepEqual(showChanges(a), showChanges(built));
    assert.deepEqual(a.events, built.events);
    assert.deepEqual(System.Events.get(parent), a.events);
    // Changes are sorted by key bytes.
    const keysHex = a.changes.map(([k]) => Buffer.from(k));
    assert.deepEqual(keysHex, [...keysHex].sort(Buffer.compare));
  });

  test('a failing call does not invalidate the block; an inapplicable extrinsic does (BLOCK_INVALID)', () => {
    const parent = genesis();
    const good = [tx(keys.bob, 0, remark(0)), tx(keys.bob, 1, calls.transfer(keys.charlie.publicKey, 10n ** 30n))];
    executeBlock(parent, envFor(1), SEAL, good.map(check));

    const cases: Array<[string, Uint8Array[]]> = [
      ['stale nonce', [...good, tx(keys.bob, 1, remark(1))]],
      ['future nonce', [tx(keys.bob, 1, remark(1))]],
      ['duplicate', [good[0] as Uint8Array, good[0] as Uint8Array]],
      ['unpayable fee', [tx(stranger(), 0, remark(1))]],
    ];
    for (const [name, txs] of cases) {
      const error = expectCode(() => executeBlock(parent, envFor(1), SEAL, txs.map(check)), 'BLOCK_INVALID');
      assert.match(error.message, /extrinsic \d+ cannot be applied/, name);
      assert.ok(error.cause !== undefined, `${name}: the cause is kept`);
    }
  });
});

describe('Executive: failure records', () => {
  test('every dispatch error record fits its codec (so Events always encode at finalisation)', () => {
    for (const text of ['é'.repeat(199), '€'.repeat(300), 'a'.repeat(1000), '😀'.repeat(90)]) {
      const record = dispatchErrorRecord(new DispatchError('Test', 'Unicode', text));
      encode(DispatchErrorRecord, record);
      assert.ok(Buffer.byteLength(record.message) <= 256);
      assert.ok(!record.message.includes('\uFFFD'), 'no character is split');
    }
  });
});
