// Staking calls: each call's success and each precondition's typed error (a failed call writes
// nothing but its fee and nonce: expectFailure checks), with value held, never plainly reserved.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { Balances, DEFAULT_STAKING_PARAMS, readAccount, Staking, UNIT } from '../src/index.js';
import { NOT_A_POINT, vkey } from './consensus-setup.js';
import { dev, eventsOf, expectFailure, expectSudoFailure, registerWorker, root } from './pallet-helpers.js';
import { checkStakingConservation, ok, staker, staking, stakingChain, TEST_PARAMS } from './staking-setup.js';

before(async () => {
  await cryptoReady();
});

/** Long eras: no era hook writes during the calls (a failed call's block must write nothing else). */
const CALL_PARAMS = { ...TEST_PARAMS, eraLength: 1000 };
const chainForCalls = () => stakingChain(CALL_PARAMS);

const held = (chain: { state: Parameters<typeof Balances.Held.get>[0] }, who: Uint8Array) =>
  Balances.Held.get(chain.state, who) ?? 0n;

describe('staking: bond, bondExtra', () => {
  test('bond holds the value; bondExtra adds to it', () => {
    const chain = chainForCalls();
    const who = staker(0);
    const before = readAccount(chain.state, who.publicKey);
    const r = ok(chain, who, staking.bond(500n * UNIT));
    assert.deepEqual(eventsOf(r.events, 'Staking', 'Bonded'), [{ who: who.publicKey, amount: 500n * UNIT }]);
    ok(chain, who, staking.bondExtra(100n * UNIT));
    assert.deepEqual(Staking.Ledger.get(chain.state, who.publicKey), { total: 600n * UNIT, active: 600n * UNIT, unlocking: [] });
    assert.equal(held(chain, who.publicKey), 600n * UNIT);
    const after = readAccount(chain.state, who.publicKey);
    assert.equal(after.reserved, before.reserved + 600n * UNIT);
    checkStakingConservation(chain.state, [who.publicKey]);
  });

  test('refusals: twice, too small, more than free, bondExtra unbonded or zero', () => {
    const chain = chainForCalls();
    const who = staker(0);
    expectFailure(chain, who, staking.bond(1n), 'Staking', 'BondTooSmall');
    expectFailure(chain, who, staking.bond(10_000_000n * UNIT), 'Staking', 'InsufficientBalance');
    expectFailure(chain, who, staking.bondExtra(UNIT), 'Staking', 'NotBonded');
    ok(chain, who, staking.bond(500n * UNIT));
    expectFailure(chain, who, staking.bond(500n * UNIT), 'Staking', 'AlreadyBonded');
    expectFailure(chain, who, staking.bondExtra(0n), 'Staking', 'ZeroAmount');
  });
});

describe('staking: unbond, withdrawUnbonded', () => {
  test('unbonded value waits bondingDuration eras, then is released', () => {
    const chain = stakingChain();
    const who = staker(0);
    ok(chain, who, staking.bond(500n * UNIT));
    const r = ok(chain, who, staking.unbond(200n * UNIT));
    assert.deepEqual(eventsOf(r.events, 'Staking', 'Unbonded'), [{ who: who.publicKey, amount: 200n * UNIT, era: 2 }]);
    ok(chain, who, staking.unbond(50n * UNIT)); // same era: merged into one chunk
    assert.deepEqual(Staking.Ledger.get(chain.state, who.publicKey)?.unlocking, [{ value: 250n * UNIT, era: 2 }]);
    expectFailure(chain, who, staking.withdrawUnbonded(), 'Staking', 'NothingToWithdraw');
    while ((Staking.CurrentEra.get(chain.state) ?? 0) < 2) chain.block([]);
    const free = readAccount(chain.state, who.publicKey).free;
    const w = ok(chain, who, staking.withdrawUnbonded());
    assert.deepEqual(eventsOf(w.events, 'Staking', 'Withdrawn'), [{ who: who.publicKey, amount: 250n * UNIT }]);
    assert.equal(readAccount(chain.state, who.publicKey).free, free + 250n * UNIT - w.fee);
    assert.deepEqual(Staking.Ledger.get(chain.state, who.publicKey), { total: 250n * UNIT, active: 250n * UNIT, unlocking: [] });
    checkStakingConservation(chain.state, [who.publicKey]);
  });

  test('with eras off everything unbonded is withdrawable at once; an emptied ledger goes', () => {
    const chain = stakingChain(DEFAULT_STAKING_PARAMS);
    const who = staker(0);
    ok(chain, who, staking.bond(5n * UNIT));
    ok(chain, who, staking.unbond(5n * UNIT));
    ok(chain, who, staking.withdrawUnbonded());
    assert.equal(Staking.Ledger.get(chain.state, who.publicKey), undefined);
    assert.equal(held(chain, who.publicKey), 0n);
  });

  test('refusals: not bonded, zero, more than active, below the role minimum', () => {
    const chain = chainForCalls();
    const who = staker(0);
    expectFailure(chain, who, staking.unbond(UNIT), 'Staking', 'NotBonded');
    expectFailure(chain, who, staking.withdrawUnbonded(), 'Staking', 'NotBonded');
    ok(chain, who, staking.bond(150n * UNIT));
    expectFailure(chain, who, staking.unbond(0n), 'Staking', 'ZeroAmount');
    expectFailure(chain, who, staking.unbond(151n * UNIT), 'Staking', 'InsufficientBond');
    ok(chain, who, staking.validate(vkey(1)));
    expectFailure(chain, who, staking.unbond(51n * UNIT), 'Staking', 'BelowMinimumBond');
    ok(chain, who, staking.unbond(50n * UNIT));
  });
});

describe('staking: validate', () => {
  test('a bonded account becomes a validator candidate; again changes key and commission', () => {
    const chain = chainForCalls();
    const who = staker(0);
    ok(chain, who, staking.bond(100n * UNIT));
    const r = ok(chain, who, staking.validate(vkey(1), 50_000));
    assert.deepEqual(eventsOf(r.events, 'Staking', 'ValidatorCandidate'), [
      { who: who.publicKey, consensusKey: vkey(1), commission: 50_000 },
    ]);
    ok(chain, who, staking.validate(vkey(2), 10_000));
    assert.deepEqual(Staking.Validators.get(chain.state, who.publicKey), { consensusKey: vkey(2), commission: 10_000 });
    assert.equal(Staking.KeyOwner.get(chain.state, vkey(1)), undefined);
    assert.deepEqual(Staking.ValidatorList.get(chain.state), [who.publicKey]);
  });

  test('refusals: unbonded, too little bond, bad commission, bad key, key in use', () => {
    const chain = chainForCalls();
    const [a, b] = [staker(0), staker(1)];
    expectFailure(chain, a, staking.validate(vkey(1)), 'Staking', 'NotBonded');
    ok(chain, a, staking.bond(99n * UNIT));
    expectFailure(chain, a, staking.validate(vkey(1)), 'Staking', 'InsufficientBond');
    ok(chain, a, staking.bondExtra(UNIT));
    expectFailure(chain, a, staking.validate(vkey(1), 1_000_001), 'Staking', 'InvalidCommission');
    expectFailure(chain, a, staking.validate(NOT_A_POINT), 'Staking', 'InvalidConsensusKey');
    // vkey(0) is the genesis validator run by Alice.
    expectFailure(chain, a, staking.validate(vkey(0)), 'Staking', 'KeyInUse');
    ok(chain, a, staking.validate(vkey(1)));
    ok(chain, b, staking.bond(100n * UNIT));
    expectFailure(chain, b, staking.validate(vkey(1)), 'Staking', 'KeyInUse');
  });
});

describe('staking: nominate, chill', () => {
  test('nominations are kept in a linked list in insertion order; chill takes one out', () => {
    const chain = chainForCalls();
    const v = staker(0);
    ok(chain, v, staking.bond(100n * UNIT));
    ok(chain, v, staking.validate(vkey(1)));
    const noms = [staker(1), staker(2), staker(3)];
    for (const n of noms) {
      ok(chain, n, staking.bond(10n * UNIT));
      ok(chain, n, staking.nominate([v.publicKey]));
    }
    assert.equal(Staking.NominatorCount.get(chain.state), 3);
    assert.deepEqual(Staking.NominatorHead.get(chain.state), noms[0]?.publicKey);
    const r = ok(chain, noms[1] as never, staking.chill());
    assert.deepEqual(eventsOf(r.events, 'Staking', 'Chilled'), [{ who: noms[1]?.publicKey }]);
    assert.deepEqual(Staking.Nominators.get(chain.state, noms[0]?.publicKey as Uint8Array)?.next, noms[2]?.publicKey);
    assert.deepEqual(Staking.Nominators.get(chain.state, noms[2]?.publicKey as Uint8Array)?.prev, noms[0]?.publicKey);
    assert.equal(Staking.NominatorCount.get(chain.state), 2);
    // Nominating again keeps the place; validating ends the nomination.
    ok(chain, noms[0] as never, staking.bondExtra(90n * UNIT));
    ok(chain, noms[0] as never, staking.validate(vkey(2)));
    assert.deepEqual(Staking.NominatorHead.get(chain.state), noms[2]?.publicKey);
    assert.equal(Staking.Nominators.has(chain.state, noms[0]?.publicKey as Uint8Array), false);
  });

  test('refusals: unbonded, too little bond, no targets, duplicates, non-candidates; chill unbonded', () => {
    const chain = chainForCalls();
    const v = staker(0);
    const n = staker(1);
    ok(chain, v, staking.bond(100n * UNIT));
    ok(chain, v, staking.validate(vkey(1)));
    expectFailure(chain, n, staking.nominate([v.publicKey]), 'Staking', 'NotBonded');
    expectFailure(chain, n, staking.chill(), 'Staking', 'NotBonded');
    ok(chain, n, staking.bond(9n * UNIT));
    expectFailure(chain, n, staking.nominate([v.publicKey]), 'Staking', 'InsufficientBond');
    ok(chain, n, staking.bondExtra(UNIT));
    expectFailure(chain, n, staking.nominate([]), 'Staking', 'NoTargets');
    expectFailure(chain, n, staking.nominate([v.publicKey, v.publicKey]), 'Staking', 'DuplicateTarget');
    expectFailure(chain, n, staking.nominate([dev.bob.publicKey]), 'Staking', 'NotACandidate');
  });
});

describe('staking: candidateGatekeeper', () => {
  test('a bonded operator puts its registered worker forward', () => {
    const chain = chainForCalls();
    const w = registerWorker(chain, 'gk-0', dev.bob);
    ok(chain, dev.bob, staking.bond(100n * UNIT));
    const r = ok(chain, dev.bob, staking.candidateGatekeeper(w.identity.publicKey));
    assert.deepEqual(eventsOf(r.events, 'Staking', 'GatekeeperCandidate'), [
      { who: dev.bob.publicKey, identity: w.identity.publicKey },
    ]);
    assert.deepEqual(Staking.GatekeeperList.get(chain.state), [dev.bob.publicKey]);
  });

  test('refusals: unknown worker, another operator, identity in use, the registry requirement', () => {
    const chain = chainForCalls();
    const w = registerWorker(chain, 'gk-1', dev.bob);
    ok(chain, dev.charlie, staking.bond(100n * UNIT));
    expectFailure(chain, dev.charlie, staking.candidateGatekeeper(vkey(5)), 'Staking', 'WorkerNotFound');
    expectFailure(chain, dev.charlie, staking.candidateGatekeeper(w.identity.publicKey), 'Staking', 'NotOperator');
    ok(chain, dev.bob, staking.bond(100n * UNIT));
    // The shared registry check: simulated workers only while the chain accepts simulators.
    root(chain, {
      tag: 'Registry',
      value: { tag: 'setAttestationSettings', value: { settings: { allowSim: false, simSigners: [], maxConfidenceLevel: 5 } } },
    });
    expectFailure(chain, dev.bob, staking.candidateGatekeeper(w.identity.publicKey), 'Registry', 'SimNotAllowed');
  });
});

describe('staking: setParams', () => {
  test('root sets the parameters; bad ones and signed callers are refused', () => {
    const chain = chainForCalls();
    const r = root(chain, staking.setParams({ ...TEST_PARAMS, validatorCount: 3 }));
    assert.equal(eventsOf(r, 'Staking', 'ParamsSet').length, 1);
    assert.equal(Staking.Params.get(chain.state)?.validatorCount, 3);
    expectSudoFailure(chain, staking.setParams({ ...TEST_PARAMS, validatorCount: 101 }), 'Staking', 'InvalidParams');
    expectSudoFailure(chain, staking.setParams({ ...TEST_PARAMS, offenceSlash: 1_000_001 }), 'Staking', 'InvalidParams');
    expectSudoFailure(chain, staking.setParams({ ...TEST_PARAMS, powerUnit: 0n }), 'Staking', 'InvalidParams');
    expectFailure(chain, dev.bob, staking.setParams(TEST_PARAMS), 'System', 'BadOrigin');
  });
});
