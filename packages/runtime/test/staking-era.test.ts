// The era hook: elections at each boundary (validators into the CometBFT set through
// changeValidator, gatekeepers into Registry.Gatekeepers), exposures, the previous era's reward
// minted and paid (commission, pro rata, remainders to the validator), offences slashed once.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, equalBytes, type Keypair } from '@phalanx/crypto';
import {
  Balances,
  Consensus,
  DEFAULT_TREASURY_PARAMS,
  Registry,
  readAccount,
  STAKING_LIMITS,
  Staking,
  Treasury,
  UNIT,
} from '../src/index.js';
import { vkey } from './consensus-setup.js';
import { eventsOf as eventsOfRecords } from './helpers.js';
import { dev, registerGatekeeper, registerWorker, root } from './pallet-helpers.js';
import {
  checkStakingConservation,
  duplicateVote,
  ok,
  runTo,
  staker,
  staking,
  stakingChain,
  TEST_PARAMS,
} from './staking-setup.js';

before(async () => {
  await cryptoReady();
});

/** Three validator candidates (bonds 100, 200, 300; commission 0, 10%, 0) and two nominators. */
function threeCandidates(params = TEST_PARAMS) {
  const chain = stakingChain(params);
  const validators = [staker(0), staker(1), staker(2)];
  const [n1, n2] = [staker(3), staker(4)] as [Keypair, Keypair];
  const results = chain.block([
    ...validators.map((v, i) => [v, staking.bond(BigInt(100 * (i + 1)) * UNIT)] as const),
    [n1, staking.bond(250n * UNIT)],
    [n2, staking.bond(40n * UNIT)],
  ]);
  results.push(
    ...chain.block([
      ...validators.map((v, i) => [v, staking.validate(vkey(i + 1), i === 1 ? 100_000 : 0)] as const),
      [n1, staking.nominate([staker(0).publicKey, staker(1).publicKey])],
      [n2, staking.nominate([staker(2).publicKey])],
    ]),
  );
  for (const r of results) assert.deepEqual(r.outcome, { ok: true });
  return { chain, validators, nominators: [n1, n2] as Keypair[], all: [...validators, n1, n2].map((k) => k.publicKey) };
}

describe('staking era: validator election', () => {
  test('the boundary elects by seq-Phragmén and makes the CometBFT set the elected one', () => {
    const { chain, all } = threeCandidates();
    const events = runTo(chain, 10);
    assert.deepEqual(eventsOfRecords(events, 'Staking', 'EraStarted'), [{ era: 1 }]);
    const [elected] = eventsOfRecords(events, 'Staking', 'ValidatorsElected') as [{ elected: [Uint8Array, bigint][] }];
    // Staker1 (200) + nominator 250 between 0 and 1 → 1 wins first, then 2 (300 + 40) over 0.
    assert.deepEqual(
      elected.elected.map(([who]) => who),
      [staker(1).publicKey, staker(2).publicKey],
    );
    assert.equal(Consensus.ValidatorCount.get(chain.state), 2);
    assert.equal(Consensus.Validators.has(chain.state, vkey(0)), false, 'the genesis validator was replaced');
    for (const [who, backing] of elected.elected) {
      const exposure = Staking.ErasStakers.get(chain.state, [1, who]);
      assert.ok(exposure !== undefined);
      assert.equal(exposure.own + exposure.others.reduce((s, [, a]) => s + a, 0n), exposure.total);
      assert.equal(exposure.total, backing);
      const key = Staking.Validators.get(chain.state, who)?.consensusKey as Uint8Array;
      assert.deepEqual(Consensus.Validators.get(chain.state, key), { power: backing / UNIT, operator: who });
    }
    // Nominator 1's 250 all went to staker 1 (its other target, 0, lost).
    assert.deepEqual(Staking.ErasStakers.get(chain.state, [1, staker(1).publicKey])?.others, [
      [staker(3).publicKey, 250n * UNIT],
    ]);
    checkStakingConservation(chain.state, all);
  });

  test('fewer candidates than validatorCount: the set stays and an event says so', () => {
    const chain = stakingChain();
    ok(chain, staker(0), staking.bond(100n * UNIT));
    ok(chain, staker(0), staking.validate(vkey(1)));
    const events = runTo(chain, 10);
    assert.deepEqual(eventsOfRecords(events, 'Staking', 'ElectionSkipped'), [
      { era: 1, kind: 'validators', candidates: 1, needed: 2 },
    ]);
    assert.ok(Consensus.Validators.has(chain.state, vkey(0)));
    assert.equal(Consensus.ValidatorCount.get(chain.state), 1);
  });

  test('a set of one replaces a set of one: the last validator is never removed first', () => {
    const chain = stakingChain({ ...TEST_PARAMS, validatorCount: 1 });
    ok(chain, staker(0), staking.bond(100n * UNIT));
    ok(chain, staker(0), staking.validate(vkey(1)));
    runTo(chain, 10);
    assert.equal(Consensus.ValidatorCount.get(chain.state), 1);
    assert.ok(Consensus.Validators.has(chain.state, vkey(1)));
    const updates = Consensus.ValidatorUpdates.get(chain.state) ?? [];
    assert.deepEqual(
      updates.map(([k, p]) => [equalBytes(k, vkey(0)) ? 'old' : 'new', p]),
      [
        ['old', 0n],
        ['new', 100n],
      ],
    );
  });
});

describe('staking era: rewards', () => {
  test("the previous era's reward is minted: equal split, commission first, pro rata, rest to the validator", () => {
    const { chain, all } = threeCandidates();
    runTo(chain, 10);
    const before = all.map((who) => readAccount(chain.state, who).free);
    const issuance = Balances.TotalIssuance.get(chain.state) as bigint;
    const events = runTo(chain, 20);
    assert.equal(
      (Balances.TotalIssuance.get(chain.state) as bigint) - issuance,
      TEST_PARAMS.eraReward,
      'exactly the era reward is minted',
    );
    const paid = eventsOfRecords(events, 'Staking', 'ValidatorPaid') as {
      validator: Uint8Array;
      total: bigint;
      commission: bigint;
    }[];
    assert.equal(paid.length, 2);
    const share = TEST_PARAMS.eraReward / 2n;
    const expected = new Map<string, bigint>();
    const add = (who: Uint8Array, x: bigint) =>
      expected.set(Buffer.from(who).toString('hex'), (expected.get(Buffer.from(who).toString('hex')) ?? 0n) + x);
    for (const p of paid) {
      assert.equal(p.total, share);
      const exposure = Staking.ErasStakers.get(chain.state, [1, p.validator]);
      assert.ok(exposure !== undefined);
      const commission = (share * BigInt(Staking.Validators.get(chain.state, p.validator)?.commission ?? 0)) / 1_000_000n;
      assert.equal(p.commission, commission);
      let toNominators = 0n;
      for (const [who, amount] of exposure.others) {
        const x = ((share - commission) * amount) / exposure.total;
        add(who, x);
        toNominators += x;
      }
      add(p.validator, share - toNominators);
    }
    all.forEach((who, i) => {
      const gained = readAccount(chain.state, who).free - (before[i] as bigint);
      assert.equal(gained, expected.get(Buffer.from(who).toString('hex')) ?? 0n);
    });
    checkStakingConservation(chain.state, all);
  });
});

describe('staking era: offences', () => {
  test('an offence slashes the offender and its nominators by offenceSlash of their exposure, once', () => {
    const { chain, all } = threeCandidates();
    runTo(chain, 10);
    const offender = staker(1).publicKey;
    const exposure = Staking.ErasStakers.get(chain.state, [1, offender]);
    assert.ok(exposure !== undefined);
    const ledgers = [offender, staker(3).publicKey].map((w) => Staking.Ledger.get(chain.state, w)?.active as bigint);
    const issuance = Balances.TotalIssuance.get(chain.state) as bigint;
    const events = runTo(chain, 13, [duplicateVote(vkey(2), 12)]);
    const [slashed] = eventsOfRecords(events, 'Staking', 'OffenceSlashed') as [{ amount: bigint }];
    const own = exposure.own / 10n;
    const nominator = (exposure.others[0]?.[1] as bigint) / 10n;
    assert.equal(slashed.amount, own + nominator);
    assert.equal(Staking.Ledger.get(chain.state, offender)?.active, (ledgers[0] as bigint) - own);
    assert.equal(Staking.Ledger.get(chain.state, staker(3).publicKey)?.active, (ledgers[1] as bigint) - nominator);
    assert.equal(Balances.TotalIssuance.get(chain.state), issuance - slashed.amount, 'the slash is burned');
    // The same evidence in a later block is not slashed again.
    const again = runTo(chain, 14, [duplicateVote(vkey(2), 12)]);
    assert.deepEqual(eventsOfRecords(again, 'Staking', 'OffenceSlashed'), []);
    checkStakingConservation(chain.state, all);
  });
});

describe('staking era: offence slashes and the treasury', () => {
  test("the treasury's slashShare of an offence slash goes to the pot, the rest is burned", () => {
    const { chain, all } = threeCandidates();
    const params = { ...DEFAULT_TREASURY_PARAMS, slashShare: 400_000 };
    root(chain, { tag: 'Treasury', value: { tag: 'setParams', value: { params } } });
    runTo(chain, 10);
    const issuance = Balances.TotalIssuance.get(chain.state) as bigint;
    const pot = Treasury.Pot.get(chain.state) ?? 0n;
    const events = runTo(chain, 13, [duplicateVote(vkey(2), 12)]);
    const [slashed] = eventsOfRecords(events, 'Staking', 'OffenceSlashed') as [{ amount: bigint }];
    const toPot = (slashed.amount * 400_000n) / 1_000_000n;
    assert.ok(toPot > 0n);
    assert.equal((Treasury.Pot.get(chain.state) ?? 0n) - pot, toPot);
    assert.equal(Balances.TotalIssuance.get(chain.state), issuance - (slashed.amount - toPot));
    checkStakingConservation(chain.state, all);
  });
});

describe('staking era: gatekeepers', () => {
  test('elected gatekeepers replace the listed ones; ineligible candidates are not elected', () => {
    const chain = stakingChain({ ...TEST_PARAMS, validatorCount: 0, gatekeeperCount: 1 });
    const rootGk = registerGatekeeper(chain, 'root-gk');
    const bobs = registerWorker(chain, 'gk-bob', dev.bob);
    const charlies = registerWorker(chain, 'gk-charlie', dev.charlie);
    ok(chain, dev.bob, staking.bond(100n * UNIT));
    ok(chain, dev.bob, staking.candidateGatekeeper(bobs.identity.publicKey));
    ok(chain, dev.charlie, staking.bond(300n * UNIT));
    ok(chain, dev.charlie, staking.candidateGatekeeper(charlies.identity.publicKey));
    const events = runTo(chain, 10);
    // Charlie's (300) is elected; the root gatekeeper stays one era to hand the MasterKey over.
    assert.deepEqual(Registry.Gatekeepers.get(chain.state), [rootGk.identity.publicKey, charlies.identity.publicKey]);
    assert.equal(eventsOfRecords(events, 'Registry', 'GatekeeperRegistered').length, 1);
    runTo(chain, 20);
    assert.deepEqual(Registry.Gatekeepers.get(chain.state), [charlies.identity.publicKey], 'then it stops being listed');
    assert.ok(!Registry.Gatekeepers.get(chain.state)?.some((k) => equalBytes(k, bobs.identity.publicKey)));
    // No candidate qualifies any more (simulators refused): the list stays, never empty.
    root(chain, {
      tag: 'Registry',
      value: { tag: 'setAttestationSettings', value: { settings: { allowSim: false, simSigners: [], maxConfidenceLevel: 5 } } },
    });
    const later = runTo(chain, 30);
    assert.deepEqual(eventsOfRecords(later, 'Staking', 'ElectionSkipped'), [
      { era: 3, kind: 'gatekeepers', candidates: 0, needed: 1 },
    ]);
    assert.deepEqual(Registry.Gatekeepers.get(chain.state), [charlies.identity.publicKey]);
  });
});

describe('staking era: history', () => {
  test(`exposures are kept ${STAKING_LIMITS.historyDepth} eras back, then pruned`, () => {
    const { chain } = threeCandidates();
    runTo(chain, 10 * (STAKING_LIMITS.historyDepth + 2));
    assert.equal(Staking.ErasValidators.get(chain.state, 1), undefined);
    assert.ok(Staking.ErasValidators.get(chain.state, 2) !== undefined);
  });
});
