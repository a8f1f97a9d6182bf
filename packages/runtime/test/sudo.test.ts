// Sudo: root dispatch by the sudo key, RequireSudo for everyone else, inner failures reported in
// Sudid (extrinsic still succeeds, inner writes reverted), setKey, and the call-depth limit.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import {
  BlockExecutor,
  type CallContext,
  MAX_CALL_DEPTH,
  MapState,
  type Origin,
  Overlay,
  type RuntimeCall,
  type RuntimeEvent,
  Sudo,
  System,
  UNIT,
} from '../src/index.js';
import { sudo as sudoHandler } from '../src/pallets/sudo/sudo.js';
import { calls, check as checkOf, envFor, eventNames, eventsOf, genesis, hex, keys, runBlock, tx } from './helpers.js';

before(async () => {
  await cryptoReady();
});

const remark = calls.remark(new Uint8Array([42]));
const errorOf = (o: { ok: boolean; error?: { pallet: string; error: string } }) =>
  o.ok ? 'ok' : `${o.error?.pallet}.${o.error?.error}`;

function nested(depth: number, inner: RuntimeCall): RuntimeCall {
  let call = inner;
  for (let i = 0; i < depth; i++) call = calls.sudo(call);
  return call;
}

describe('Sudo: end to end', () => {
  test('genesis makes Alice the sudo key', () => {
    assert.equal(hex(Sudo.Key.get(genesis()) ?? new Uint8Array()), hex(keys.alice.publicKey));
  });

  test('sudo dispatches with the root origin: a signed-only call inside fails as BadOrigin, reported in Sudid', () => {
    const state = genesis();
    const { outcomes, events } = runBlock(state, 1, [tx(keys.alice, 0, calls.sudo(remark))]);
    assert.deepEqual(outcomes, [{ ok: true }], 'the sudo extrinsic itself succeeds');
    assert.deepEqual(eventNames(events), ['Balances.FeePaid', 'Sudo.Sudid', 'System.ExtrinsicSuccess']);
    const [sudid] = eventsOf(events, 'Sudo', 'Sudid') as Array<{ error?: { pallet: string; error: string } }>;
    assert.equal(sudid?.error?.pallet, 'System');
    assert.equal(sudid?.error?.error, 'BadOrigin');
  });

  test('a failing inner call is reverted: sudo(transfer) as root moves nothing', () => {
    const state = genesis();
    const bobBefore = System.Account.get(state, keys.bob.publicKey);
    const { outcomes, events } = runBlock(state, 1, [tx(keys.alice, 0, calls.sudo(calls.transfer(keys.bob.publicKey, UNIT)))]);
    assert.deepEqual(outcomes, [{ ok: true }]);
    assert.deepEqual(System.Account.get(state, keys.bob.publicKey), bobBefore);
    assert.equal(eventsOf(events, 'Balances', 'Transfer').length, 0);
    assert.equal(eventsOf(events, 'Sudo', 'Sudid').length, 1);
  });

  test('a signer other than the key gets RequireSudo, for sudo and for setKey; fee and nonce still taken', () => {
    const state = genesis();
    const { outcomes, events } = runBlock(state, 1, [
      tx(keys.bob, 0, calls.sudo(remark)),
      tx(keys.bob, 1, calls.setKey(keys.bob.publicKey)),
    ]);
    assert.deepEqual(outcomes.map(errorOf), ['Sudo.RequireSudo', 'Sudo.RequireSudo']);
    assert.deepEqual(eventsOf(events, 'Sudo', 'Sudid'), []);
    assert.equal(System.Account.get(state, keys.bob.publicKey)?.nonce, 2);
    assert.equal(hex(Sudo.Key.get(state) ?? new Uint8Array()), hex(keys.alice.publicKey));
  });

  test('setKey hands sudo to another account: KeyChanged, then only the new key may sudo', () => {
    const state = genesis();
    const { alice, bob } = keys;
    const first = runBlock(state, 1, [tx(alice, 0, calls.setKey(bob.publicKey))]);
    assert.deepEqual(first.outcomes, [{ ok: true }]);
    assert.deepEqual(eventsOf(first.events, 'Sudo', 'KeyChanged'), [{ old: alice.publicKey, new: bob.publicKey }]);
    assert.equal(hex(Sudo.Key.get(state) ?? new Uint8Array()), hex(bob.publicKey));
    const second = runBlock(state, 2, [tx(alice, 1, calls.sudo(remark)), tx(bob, 0, calls.sudo(remark))]);
    assert.deepEqual(second.outcomes.map(errorOf), ['Sudo.RequireSudo', 'ok']);
    assert.equal(eventsOf(second.events, 'Sudo', 'Sudid').length, 1);
  });

  test('sudo(setKey) as root is refused (setKey wants the key holder signed, not root)', () => {
    const state = genesis();
    const { outcomes, events } = runBlock(state, 1, [tx(keys.alice, 0, calls.sudo(calls.setKey(keys.bob.publicKey)))]);
    assert.deepEqual(outcomes, [{ ok: true }]);
    const [sudid] = eventsOf(events, 'Sudo', 'Sudid') as Array<{ error?: { error: string } }>;
    assert.equal(sudid?.error?.error, 'BadOrigin');
    assert.equal(hex(Sudo.Key.get(state) ?? new Uint8Array()), hex(keys.alice.publicKey));
  });

  test('sudo nested beyond MAX_CALL_DEPTH cannot even be encoded (decoding refuses it too, see extrinsic-fuzz)', () => {
    assert.throws(() => tx(keys.alice, 0, nested(MAX_CALL_DEPTH + 1, remark)), { code: 'ENCODE' });
    const state = genesis();
    const { outcomes, events } = runBlock(state, 1, [tx(keys.alice, 0, nested(MAX_CALL_DEPTH, remark))]);
    assert.deepEqual(outcomes, [{ ok: true }]);
    assert.ok((eventsOf(events, 'Sudo', 'Sudid') as unknown[]).length >= 1);
  });
});

describe('Sudo: root dispatch and call depth (white box)', () => {
  interface Probe {
    context(origin: Origin, depth: number): CallContext;
  }

  test('sudo runs its call as root; success gives Sudid{error: none} and keeps the inner writes', () => {
    const overlay = new Overlay(new MapState());
    Sudo.Key.set(overlay, keys.alice.publicKey);
    const emitted: RuntimeEvent[] = [];
    const seen: Origin[] = [];
    const make = (origin: Origin, fail: boolean): CallContext => ({
      state: overlay,
      block: envFor(1),
      origin,
      depth: 0,
      emit: (event) => emitted.push(event),
      transaction: (fn) => overlay.transaction(fn),
      dispatchAs: (inner) => {
        seen.push(inner);
        overlay.set(Uint8Array.of(1), Uint8Array.of(fail ? 0 : 1));
        if (fail) throw new Error('inner failure with private details');
      },
    });
    sudoHandler(make({ kind: 'signed', account: keys.alice.publicKey }, false), { call: remark });
    assert.deepEqual(seen, [{ kind: 'root' }]);
    assert.deepEqual(emitted, [{ tag: 'Sudo', value: { tag: 'Sudid', value: { error: undefined } } }]);
    assert.deepEqual(overlay.get(Uint8Array.of(1)), Uint8Array.of(1));

    emitted.length = 0;
    sudoHandler(make({ kind: 'signed', account: keys.alice.publicKey }, true), { call: remark });
    assert.deepEqual(overlay.get(Uint8Array.of(1)), Uint8Array.of(1), 'the failed inner write is rolled back');
    assert.deepEqual(emitted, [
      {
        tag: 'Sudo',
        value: {
          tag: 'Sudid',
          value: { error: { pallet: 'Runtime', error: 'Internal', message: 'unexpected failure inside the call' } },
        },
      },
    ]);
  });

  test('an extrinsic call runs at depth 0 and sudo nests one level per call', () => {
    const state = genesis();
    const executor = new BlockExecutor(state, envFor(1), new Uint8Array(64));
    const probe = executor as unknown as Probe;
    const original = probe.context.bind(executor);
    const depths: number[] = [];
    probe.context = (origin, depth) => {
      depths.push(depth);
      return original(origin, depth);
    };
    executor.apply(checkOf(tx(keys.alice, 0, calls.sudo(remark))));
    // The executive's context, then sudo (the extrinsic's call), then remark inside it.
    assert.deepEqual(depths, [-1, 0, 1]);
  });

  test('dispatchAs refuses to go deeper than MAX_CALL_DEPTH', () => {
    const state = genesis();
    const executor = new BlockExecutor(state, envFor(1), new Uint8Array(64));
    const probe = executor as unknown as Probe;
    const signed: Origin = { kind: 'signed', account: keys.alice.publicKey };
    // From depth MAX - 1 the call lands at MAX: allowed.
    probe.context(signed, MAX_CALL_DEPTH - 1).dispatchAs(signed, remark);
    // From depth MAX it would land at MAX + 1: refused.
    assert.throws(
      () => probe.context(signed, MAX_CALL_DEPTH).dispatchAs(signed, remark),
      (error: unknown) => error instanceof Error && /CallTooDeep/.test(error.message),
    );
    const { events } = executor.finalize();
    assert.deepEqual(eventNames(events), ['System.Remarked']);
  });
});
