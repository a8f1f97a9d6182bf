// Treasury: proposeSpend / approveSpend / rejectSpend / setParams (each success, each refused
// precondition with nothing written), the spend-period hook (paid in order while the pot
// suffices, bonds returned, the burn), the fee share at block finalisation, and genesis.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import {
  Balances,
  buildGenesisState,
  DEFAULT_TREASURY_PARAMS,
  depositToTreasury,
  devGenesisConfig,
  Overlay,
  readAccount,
  System,
  TREASURY_LIMITS,
  Treasury,
  UNIT,
} from '../src/index.js';
import { governanceChain, hookEvents, passMotion, TREASURY_TEST_PARAMS, treasury } from './governance-setup.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  GENESIS_TIME,
  names,
  root,
  type TestChain,
} from './pallet-helpers.js';
import { checkConservation } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const held = (chain: TestChain, who: Uint8Array) => Balances.Held.get(chain.state, who) ?? 0n;

/** Mints `amount` into the pot (what fees and slashes will have done), keeping the issuance exact. */
function fund(chain: TestChain, amount: bigint): void {
  const overlay = new Overlay(chain.state);
  depositToTreasury(overlay, amount);
  Balances.TotalIssuance.set(overlay, (Balances.TotalIssuance.get(overlay) ?? 0n) + amount);
  chain.state.apply(overlay.changes());
}

describe('Treasury.proposeSpend', () => {
  test('holds the bond (5% of the value, at least the minimum) and stores the proposal', () => {
    const chain = governanceChain();
    const result = chain.submit(dev.dave, treasury.proposeSpend(100n * UNIT, dev.eve.publicKey));
    expectOk(result);
    const bond = 5n * UNIT;
    assert.deepEqual(eventsOf(result.events, 'Treasury', 'Proposed'), [
      { id: 0, proposer: dev.dave.publicKey, value: 100n * UNIT, beneficiary: dev.eve.publicKey, bond },
    ]);
    assert.equal(held(chain, dev.dave.publicKey), bond);
    assert.equal(readAccount(chain.state, dev.dave.publicKey).reserved, bond);
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(3n, dev.eve.publicKey)));
    assert.equal(Treasury.Proposals.get(chain.state, 1)?.bond, UNIT, 'a small spend pays the minimum bond');
    assert.equal(Treasury.ProposalCount.get(chain.state), 2);
    checkConservation(chain.state);
  });

  test('refuses a zero value and a bond the proposer cannot hold', () => {
    const chain = governanceChain();
    expectFailure(chain, dev.dave, treasury.proposeSpend(0n, dev.eve.publicKey), 'Treasury', 'ZeroValue');
    const huge = 1_000_000_000n * UNIT; // bond 5% = 50,000,000 PHA
    expectFailure(chain, dev.dave, treasury.proposeSpend(huge, dev.eve.publicKey), 'Balances', 'InsufficientBalance');
  });
});

describe('Treasury.approveSpend / rejectSpend', () => {
  test('approve: root or council ≥ 3/5; each proposal once; refused for signed origins and missing ids', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(10n * UNIT, dev.eve.publicKey)));
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(20n * UNIT, dev.eve.publicKey)));
    expectFailure(chain, dev.alice, treasury.approveSpend(0), 'System', 'BadOrigin');
    assert.deepEqual(eventsOf(root(chain, treasury.approveSpend(0)), 'Treasury', 'Approved'), [{ id: 0 }]);
    assert.equal(passMotion(chain, treasury.approveSpend(1), 2).error, undefined, '2 of 3 members ≥ 3/5');
    assert.deepEqual(Treasury.Approvals.get(chain.state), [0, 1]);
    expectSudoFailure(chain, treasury.approveSpend(1), 'Treasury', 'AlreadyApproved');
    expectSudoFailure(chain, treasury.approveSpend(7), 'Treasury', 'ProposalMissing');
  });

  test(`approve: at most ${TREASURY_LIMITS.maxApprovals} approvals wait`, () => {
    const chain = governanceChain();
    const count = TREASURY_LIMITS.maxApprovals + 1;
    for (const r of chain.block(
      Array.from({ length: count }, () => [dev.dave, treasury.proposeSpend(UNIT, dev.eve.publicKey)] as const),
    ))
      expectOk(r);
    const sudo = (id: number) =>
      [dev.alice, { tag: 'Sudo', value: { tag: 'sudo', value: { call: treasury.approveSpend(id) } } }] as const;
    for (const r of chain.block(Array.from({ length: count - 1 }, (_, id) => sudo(id)))) expectOk(r);
    assert.equal(Treasury.Approvals.get(chain.state)?.length, TREASURY_LIMITS.maxApprovals);
    expectSudoFailure(chain, treasury.approveSpend(count - 1), 'Treasury', 'TooManyApprovals');
  });

  test('reject: the proposal is dropped (approved or not) and its bond goes to the pot', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(100n * UNIT, dev.eve.publicKey)));
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(40n * UNIT, dev.eve.publicKey)));
    root(chain, treasury.approveSpend(1));
    const before = readAccount(chain.state, dev.dave.publicKey);
    expectFailure(chain, dev.bob, treasury.rejectSpend(0), 'System', 'BadOrigin');
    const { error, events } = passMotion(chain, treasury.rejectSpend(0), 2);
    assert.equal(error, undefined);
    assert.deepEqual(eventsOf(events, 'Treasury', 'Rejected'), [{ id: 0, slashed: 5n * UNIT }]);
    assert.equal(Treasury.Pot.get(chain.state), 5n * UNIT);
    assert.equal(readAccount(chain.state, dev.dave.publicKey).reserved, before.reserved - 5n * UNIT);
    assert.equal(held(chain, dev.dave.publicKey), 2n * UNIT, 'the other bond is still held');
    root(chain, treasury.rejectSpend(1));
    assert.equal(Treasury.Approvals.get(chain.state), undefined, 'the approval went with it');
    assert.equal(Treasury.Pot.get(chain.state), 7n * UNIT);
    expectSudoFailure(chain, treasury.rejectSpend(1), 'Treasury', 'ProposalMissing');
    checkConservation(chain.state);
  });

  test('a council motion of 1 of 3 (< 3/5) can neither approve nor reject', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(10n * UNIT, dev.eve.publicKey)));
    assert.equal(passMotion(chain, treasury.rejectSpend(0), 1).error?.error, 'BadOrigin');
    assert.ok(Treasury.Proposals.get(chain.state, 0) !== undefined);
  });
});

describe('Treasury spend period', () => {
  test('pays approved spends in order while the pot suffices, returns bonds, burns 10% of the rest', () => {
    const chain = governanceChain();
    for (const value of [30n, 50n, 5n]) expectOk(chain.submit(dev.dave, treasury.proposeSpend(value * UNIT, dev.eve.publicKey)));
    for (const id of [0, 1, 2]) root(chain, treasury.approveSpend(id)); // blocks 4..6
    fund(chain, 60n * UNIT);
    const eve = readAccount(chain.state, dev.eve.publicKey).free;
    const issuance = Balances.TotalIssuance.get(chain.state) ?? 0n;
    while (chain.number < 9) chain.block([]);
    assert.equal(Treasury.Approvals.get(chain.state)?.length, 3, 'nothing is paid before the period');
    chain.block([]); // block 10
    const events = hookEvents(chain);
    assert.deepEqual(
      names(events).filter((n) => n.startsWith('Treasury')),
      ['Treasury.Awarded', 'Treasury.Burnt', 'Treasury.Rollover'],
    );
    // 30 paid; 50 does not fit in the 30 left, so it and the 5 after it wait (strict order).
    assert.deepEqual(Treasury.Approvals.get(chain.state), [1, 2]);
    assert.equal(readAccount(chain.state, dev.eve.publicKey).free, eve + 30n * UNIT);
    // Bonds: 1.5 (5% of 30), 2.5 (of 50), 1 (the minimum, above 5% of 5).
    assert.equal(held(chain, dev.dave.publicKey), (25n * UNIT) / 10n + UNIT, "the paid spend's bond is returned");
    assert.deepEqual(eventsOf(events, 'Treasury', 'Burnt'), [{ amount: 3n * UNIT }]);
    assert.equal(Treasury.Pot.get(chain.state), 27n * UNIT);
    assert.equal(Balances.TotalIssuance.get(chain.state), issuance - 3n * UNIT, 'the burn leaves the issuance');
    checkConservation(chain.state);
  });

  test('an empty treasury writes nothing at a spend period', () => {
    const chain = governanceChain();
    while (chain.number < 9) chain.block([]);
    chain.block([]);
    assert.equal(Treasury.Pot.get(chain.state), undefined);
    assert.equal(Treasury.Approvals.get(chain.state), undefined);
    assert.deepEqual(
      names(System.Events.get(chain.state) ?? []).filter((n) => n.startsWith('Treasury')),
      [],
    );
  });

  test('a share of every block’s fees goes to the pot, the rest to the author', () => {
    const chain = governanceChain({ treasury: { feeShare: 250_000, spendPeriod: 1000 } });
    const author = readAccount(chain.state, dev.ferdie.publicKey).free;
    const [a, b] = chain.block([
      [dev.bob, { tag: 'System', value: { tag: 'remark', value: { remark: new Uint8Array(10) } } }],
      [dev.charlie, { tag: 'System', value: { tag: 'remark', value: { remark: new Uint8Array(300) } } }],
    ]);
    const fees = (a?.fee ?? 0n) + (b?.fee ?? 0n);
    assert.equal(Treasury.Pot.get(chain.state), fees / 4n);
    assert.equal(readAccount(chain.state, dev.ferdie.publicKey).free, author + fees - fees / 4n);
    checkConservation(chain.state);
  });
});

describe('Treasury.setParams and genesis', () => {
  test('root only; every share within 0..=1,000,000 ppm, a spend period of at least 1 block', () => {
    const chain = governanceChain();
    // (No fee share here: a failed call's fee would then reach the pot, a write of its own.)
    const params = { ...TREASURY_TEST_PARAMS, burn: 10 };
    assert.deepEqual(eventsOf(root(chain, treasury.setParams(params)), 'Treasury', 'ParamsSet'), [params]);
    assert.deepEqual(Treasury.Params.get(chain.state), params);
    expectFailure(chain, dev.bob, treasury.setParams(params), 'System', 'BadOrigin');
    for (const bad of [{ feeShare: 1_000_001 }, { burn: 1_000_001 }, { slashShare: 1_000_001 }, { spendPeriod: 0 }]) {
      expectSudoFailure(chain, treasury.setParams({ ...params, ...bad }), 'Treasury', 'InvalidParams');
    }
  });

  test('genesis: the defaults unless given, the pot empty, bad parameters refused', () => {
    const config = devGenesisConfig(GENESIS_TIME);
    const state = buildGenesisState(config);
    assert.equal(Treasury.Params.get(state), undefined);
    assert.equal(Treasury.Pot.get(state), undefined);
    const custom = buildGenesisState({ ...config, treasury: { burn: 0 } });
    assert.deepEqual(Treasury.Params.get(custom), { ...DEFAULT_TREASURY_PARAMS, burn: 0 });
    assert.throws(() => buildGenesisState({ ...config, treasury: { spendPeriod: 0 } }), { code: 'INVALID_INPUT' });
  });
});
