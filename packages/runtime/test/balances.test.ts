// Balances: transfers, fees (to the author), failures (reverted call, fee kept, nonce bumped),
// the existential deposit, reserve/unreserve, u128 bounds, and conservation of issuance.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import fc from 'fast-check';
import { feeFor, type MapState, Overlay, RUNTIME, System, UNIT } from '../src/index.js';

/** Genesis refuses an issuance above 2^128 - 1, so overflow paths are reached by writing state directly. */
function withFree(state: MapState, who: Uint8Array, free: bigint): MapState {
  const overlay = new Overlay(state);
  const info = System.Account.get(overlay, who) ?? { nonce: 0, free: 0n, reserved: 0n };
  System.Account.set(overlay, who, { ...info, free });
  state.apply(overlay.changes());
  return state;
}

import {
  account,
  calls,
  eventNames,
  eventsOf,
  free,
  genesis,
  hex,
  keys,
  nonceOf,
  runBlock,
  totalIssuance,
  tx,
} from './helpers.js';

const MAX = (1n << 128n) - 1n;
const ED = RUNTIME.existentialDeposit;
const fresh = (fill: number) => new Uint8Array(32).fill(fill);

before(async () => {
  await cryptoReady();
});

describe('Balances: transfer', () => {
  test('moves the amount, charges feeFor(len, tip) and pays it to the author', () => {
    const state = genesis();
    const { bob, charlie, dave } = keys;
    const [bob0, charlie0, dave0] = [free(state, bob), free(state, charlie), free(state, dave)];
    const amount = 1234n * UNIT + 5n;
    const tip = 77n;
    const bytes = tx(bob, 0, calls.transfer(charlie.publicKey, amount), tip);
    const fee = feeFor(bytes.length, tip);
    assert.equal(fee, RUNTIME.baseFee + RUNTIME.byteFee * BigInt(bytes.length) + tip);
    const { outcomes, events } = runBlock(state, 1, [bytes], { author: dave.publicKey });
    assert.deepEqual(outcomes, [{ ok: true }]);
    assert.equal(free(state, bob), bob0 - amount - fee);
    assert.equal(free(state, charlie), charlie0 + amount);
    assert.equal(free(state, dave), dave0 + fee);
    assert.equal(nonceOf(state, bob), 1);
    assert.equal(nonceOf(state, charlie), 0);
    assert.deepEqual(eventNames(events), ['Balances.FeePaid', 'Balances.Transfer', 'System.ExtrinsicSuccess']);
    assert.deepEqual(eventsOf(events, 'Balances', 'FeePaid'), [{ who: bob.publicKey, fee, tip }]);
    assert.deepEqual(eventsOf(events, 'Balances', 'Transfer'), [{ from: bob.publicKey, to: charlie.publicKey, amount }]);
  });

  test('to a new account: NewAccount and Endowed, then Transfer', () => {
    const state = genesis();
    const dest = fresh(0xaa);
    assert.equal(account(state, dest).free, 0n);
    const amount = 3n * ED;
    const { outcomes, events } = runBlock(state, 1, [tx(keys.bob, 0, calls.transfer(dest, amount))]);
    assert.deepEqual(outcomes, [{ ok: true }]);
    assert.deepEqual(account(state, dest), { nonce: 0, free: amount, reserved: 0n });
    assert.deepEqual(eventNames(events), [
      'Balances.FeePaid',
      'System.NewAccount',
      'Balances.Endowed',
      'Balances.Transfer',
      'System.ExtrinsicSuccess',
    ]);
    assert.deepEqual(eventsOf(events, 'System', 'NewAccount'), [{ account: dest }]);
    assert.deepEqual(eventsOf(events, 'Balances', 'Endowed'), [{ account: dest, free: amount }]);
  });

  test('the block’s fees go to its author in one deposit at finalisation, creating its account if needed', () => {
    const state = genesis();
    const author = fresh(0x55);
    const bytes = tx(keys.bob, 0, calls.remark(new Uint8Array()));
    const { events } = runBlock(state, 1, [bytes], { author });
    const fee = feeFor(bytes.length, 0n);
    assert.ok(fee < ED);
    assert.deepEqual(account(state, author), { nonce: 0, free: fee, reserved: 0n });
    assert.deepEqual(eventNames(events), [
      'Balances.FeePaid',
      'System.Remarked',
      'System.ExtrinsicSuccess',
      'System.NewAccount',
      'Balances.Endowed',
    ]);
    assert.deepEqual(
      events.slice(3).map((record) => record.phase.tag),
      ['Finalization', 'Finalization'],
    );
  });

  test('insufficient balance: ExtrinsicFailed, transfer reverted, fee kept, nonce bumped', () => {
    const state = genesis();
    const { bob, charlie } = keys;
    const [bob0, charlie0] = [free(state, bob), free(state, charlie)];
    const bytes = tx(bob, 0, calls.transfer(charlie.publicKey, bob0));
    const fee = feeFor(bytes.length, 0n);
    const { outcomes, events } = runBlock(state, 1, [bytes]);
    const [outcome] = outcomes;
    assert.ok(outcome !== undefined && !outcome.ok);
    assert.equal(outcome.error.pallet, 'Balances');
    assert.equal(outcome.error.error, 'InsufficientBalance');
    assert.equal(free(state, bob), bob0 - fee);
    assert.equal(free(state, charlie), charlie0);
    assert.equal(nonceOf(state, bob), 1);
    assert.deepEqual(eventNames(events), ['Balances.FeePaid', 'System.ExtrinsicFailed']);
    assert.deepEqual(eventsOf(events, 'System', 'ExtrinsicFailed'), [{ index: 0, error: outcome.error }]);
  });

  test('existential deposit: a new account needs at least ED; existing accounts take any amount', () => {
    const state = genesis();
    const { bob, charlie } = keys;
    const { outcomes } = runBlock(state, 1, [
      tx(bob, 0, calls.transfer(fresh(1), ED - 1n)),
      tx(bob, 1, calls.transfer(fresh(2), 0n)),
      tx(bob, 2, calls.transfer(fresh(3), ED)),
      tx(bob, 3, calls.transfer(charlie.publicKey, 1n)),
      tx(bob, 4, calls.transfer(fresh(3), 1n)),
    ]);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : o.error.error)),
      ['ExistentialDeposit', 'ExistentialDeposit', 'ok', 'ok', 'ok'],
    );
    assert.equal(account(state, fresh(1)).free, 0n);
    assert.equal(account(state, fresh(3)).free, ED + 1n);
    assert.equal(nonceOf(state, bob), 5);
  });

  test('a transfer to oneself is refused', () => {
    const state = genesis();
    const before = free(state, keys.bob);
    const bytes = tx(keys.bob, 0, calls.transfer(keys.bob.publicKey, UNIT));
    const { outcomes } = runBlock(state, 1, [bytes]);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : `${o.error.pallet}.${o.error.error}`)),
      ['Balances.SelfTransfer'],
    );
    assert.equal(free(state, keys.bob), before - feeFor(bytes.length, 0n));
  });

  test('u128 bounds: amounts above 2^128 - 1 are InvalidAmount; credits that would overflow are Overflow', () => {
    const state = genesis();
    const { outcomes } = runBlock(state, 1, [tx(keys.bob, 0, calls.transfer(keys.charlie.publicKey, MAX + 1n))]);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : o.error.error)),
      ['InvalidAmount'],
    );

    // A chain where Charlie already holds the maximum balance.
    const big = withFree(genesis(), keys.charlie.publicKey, MAX);
    assert.equal(free(big, keys.charlie), MAX);
    const result = runBlock(big, 1, [
      tx(keys.bob, 0, calls.transfer(keys.charlie.publicKey, 1n)),
      tx(keys.charlie, 0, calls.transfer(fresh(7), MAX - 10n * UNIT)),
      tx(keys.bob, 1, calls.transfer(keys.charlie.publicKey, 1n)),
    ]);
    assert.deepEqual(
      result.outcomes.map((o) => (o.ok ? 'ok' : o.error.error)),
      ['Overflow', 'ok', 'ok'],
    );
  });
});

describe('Balances: reserve and unreserve', () => {
  test('reserve moves free to reserved; unreserve moves it back; both with events', () => {
    const state = genesis();
    const { eve } = keys;
    const free0 = free(state, eve);
    const reserveTx = tx(eve, 0, calls.reserve(100n * UNIT));
    const unreserveTx = tx(eve, 1, calls.unreserve(40n * UNIT));
    const fees = feeFor(reserveTx.length, 0n) + feeFor(unreserveTx.length, 0n);
    const { outcomes, events } = runBlock(state, 1, [reserveTx, unreserveTx]);
    assert.deepEqual(outcomes, [{ ok: true }, { ok: true }]);
    assert.deepEqual(account(state, eve), { nonce: 2, free: free0 - 60n * UNIT - fees, reserved: 60n * UNIT });
    assert.deepEqual(eventsOf(events, 'Balances', 'Reserved'), [{ who: eve.publicKey, amount: 100n * UNIT }]);
    assert.deepEqual(eventsOf(events, 'Balances', 'Unreserved'), [{ who: eve.publicKey, amount: 40n * UNIT }]);
  });

  test('reserving more than free or unreserving more than reserved fails and changes nothing but fee and nonce', () => {
    const state = genesis();
    const { eve } = keys;
    runBlock(state, 1, [tx(eve, 0, calls.reserve(10n))]);
    const before = account(state, eve);
    const txs = [
      tx(eve, 1, calls.reserve(before.free + 1n)),
      tx(eve, 2, calls.unreserve(11n)),
      tx(eve, 3, calls.reserve(MAX + 1n)),
      tx(eve, 4, calls.unreserve(MAX + 1n)),
    ];
    const fees = txs.reduce((sum, bytes) => sum + feeFor(bytes.length, 0n), 0n);
    const { outcomes } = runBlock(state, 2, txs);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : o.error.error)),
      ['InsufficientBalance', 'InsufficientReserve', 'InvalidAmount', 'InvalidAmount'],
    );
    assert.deepEqual(account(state, eve), { nonce: 5, free: before.free - fees, reserved: 10n });
  });

  test('free + reserved beyond u128 (possible only when issuance exceeds it) fails as Overflow, not as an encoding error', () => {
    const state = withFree(genesis(), keys.charlie.publicKey, MAX - UNIT);
    const { charlie, bob } = keys;
    // Charlie reserves almost everything, receives more, then tries to reserve/unreserve past 2^128 - 1.
    runBlock(state, 1, [tx(charlie, 0, calls.reserve(MAX - 2n * UNIT))]);
    runBlock(state, 2, [tx(bob, 0, calls.transfer(charlie.publicKey, 500_000n * UNIT))]);
    const before = account(state, charlie);
    assert.ok(before.free + before.reserved > MAX);
    const { outcomes } = runBlock(state, 3, [
      tx(charlie, 1, calls.unreserve(MAX - 2n * UNIT)),
      tx(charlie, 2, calls.reserve(before.free - UNIT)),
    ]);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : `${o.error.pallet}.${o.error.error}`)),
      ['Balances.Overflow', 'Balances.Overflow'],
    );
    assert.equal(account(state, charlie).reserved, before.reserved);
  });
});

// --- Conservation --------------------------------------------------------------------------------

const SENDERS = ['alice', 'bob', 'charlie', 'dave', 'eve'] as const;

test('total issuance is conserved across random transfer sequences (fees move to the author)', () => {
  const amount = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n * UNIT }),
    fc.constantFrom(0n, ED - 1n, ED, ED + 1n),
    fc.bigInt({ min: 900_000n * UNIT, max: 2_000_000n * UNIT }),
  );
  const step = fc.record({
    from: fc.nat(SENDERS.length - 1),
    to: fc.nat(SENDERS.length + 1), // the last two are fresh accounts
    amount,
    tip: fc.bigInt({ min: 0n, max: UNIT }),
    kind: fc.constantFrom('transfer', 'transfer', 'transfer', 'reserve', 'unreserve'),
  });
  fc.assert(
    fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }), (blocks) => {
      const state = genesis();
      const author = keys.ferdie.publicKey;
      const issuance = totalIssuance(state);
      const nonces = new Map<string, number>();
      let fees = 0n;
      const authorBefore = free(state, author);
      blocks.forEach((steps, i) => {
        const txs = steps.map((s) => {
          const from = keys[SENDERS[s.from] as (typeof SENDERS)[number]];
          const dest = s.to < SENDERS.length ? keys[SENDERS[s.to] as (typeof SENDERS)[number]].publicKey : fresh(0xf0 + s.to);
          const nonce = nonces.get(hex(from.publicKey)) ?? 0;
          nonces.set(hex(from.publicKey), nonce + 1);
          const call =
            s.kind === 'transfer'
              ? calls.transfer(dest, s.amount)
              : s.kind === 'reserve'
                ? calls.reserve(s.amount)
                : calls.unreserve(s.amount);
          const bytes = tx(from, nonce, call, s.tip);
          fees += feeFor(bytes.length, s.tip);
          return bytes;
        });
        runBlock(state, i + 1, txs, { author });
        assert.equal(totalIssuance(state), issuance);
      });
      assert.equal(free(state, author), authorBefore + fees);
      for (const name of SENDERS) assert.equal(nonceOf(state, keys[name]), nonces.get(hex(keys[name].publicKey)) ?? 0);
    }),
    { numRuns: 40 },
  );
});
