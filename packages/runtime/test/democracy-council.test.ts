// Democracy's council calls: fastTrack (a proposal, the external proposal or a running referendum
// → voting ends sooner), cancelReferendum (votes free at once) and externalPropose (a
// simple-majority referendum; launches alternate external / public). Council ≥ 2/3 or root.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import { Democracy, EXTERNAL_PROPOSAL, Overlay, Registry, RuntimeCall, UNIT } from '../src/index.js';
import { advanceTo, balanceOf, democracy } from './democracy-setup.js';
import { democracyCouncil, governanceChain, hookEvents, passMotion } from './governance-setup.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  phat,
  registry,
  root,
  type TestChain,
} from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const D = 10n * UNIT;
const measurement = (fill: number) => new Uint8Array(32).fill(fill);
const CALL = registry.addMeasurement(measurement(5));
const allowed = (chain: TestChain, fill: number) =>
  (Registry.Measurements.get(chain.state) ?? []).some((m) => m.every((b) => b === fill));

describe('Democracy.fastTrack', () => {
  test('a public proposal becomes a referendum now (deposits back) and is enacted sooner', () => {
    const chain = governanceChain({ democracy: { launchPeriod: 100 } });
    expectOk(chain.submit(dev.dave, democracy.propose(CALL, D)));
    const { error, events } = passMotion(chain, democracyCouncil.fastTrack({ tag: 'Proposal', value: 0 }, 2), 2);
    assert.equal(error, undefined);
    const now = chain.number;
    assert.deepEqual(eventsOf(events, 'Democracy', 'FastTracked'), [{ referendum: 0, end: now + 2 }]);
    assert.equal(eventsOf(events, 'Democracy', 'Started')[0]?.proposal, 0);
    assert.equal(balanceOf(chain, dev.dave).reserved, 0n, 'the deposit is returned');
    assert.deepEqual(Democracy.PublicProps.get(chain.state), []);
    expectOk(chain.submit(dev.eve, democracy.vote(0, true, 1_000n * UNIT, 1)));
    advanceTo(chain, now + 2 + 2); // tallied at now + 2, enacted 2 blocks later
    assert.ok(allowed(chain, 5), 'the fast-tracked call ran with root');
  });

  test('a running referendum ends sooner, never later; the external proposal starts now', () => {
    const chain = governanceChain({ democracy: { votingPeriod: 5 } });
    expectOk(chain.submit(dev.dave, democracy.propose(CALL, D)));
    advanceTo(chain, 4); // launched: ends at 9
    expectSudoFailure(chain, democracyCouncil.fastTrack({ tag: 'Referendum', value: 0 }, 4), 'Democracy', 'NotShorter');
    expectSudoFailure(chain, democracyCouncil.fastTrack({ tag: 'External', value: null }, 3), 'Democracy', 'NoExternalProposal');
    root(chain, democracyCouncil.fastTrack({ tag: 'Referendum', value: 0 }, 1));
    const info = Democracy.ReferendumInfoOf.get(chain.state, 0);
    assert.equal(info?.tag === 'Ongoing' && info.value.end, chain.number + 1);
    root(chain, democracyCouncil.externalPropose(registry.addMeasurement(measurement(6))));
    const events = root(chain, democracyCouncil.fastTrack({ tag: 'External', value: null }, 3));
    const [started] = eventsOf<{ proposal: number; threshold: { tag: string } }>(events, 'Democracy', 'Started');
    assert.deepEqual([started?.proposal, started?.threshold.tag], [EXTERNAL_PROPOSAL, 'SimpleMajority']);
    assert.equal(Democracy.NextExternal.get(chain.state), undefined);
  });

  test('refuses: signed or weak council origins, a missing target, a zero period, a full set of referenda', () => {
    const chain = governanceChain({ democracy: { launchPeriod: 100 } });
    expectOk(chain.submit(dev.dave, democracy.propose(CALL, D)));
    const proposal = democracyCouncil.fastTrack({ tag: 'Proposal', value: 0 }, 2);
    expectFailure(chain, dev.alice, proposal, 'System', 'BadOrigin');
    assert.equal(passMotion(chain, proposal, 1).error?.error, 'BadOrigin', '1 of 3 < 2/3');
    expectSudoFailure(chain, democracyCouncil.fastTrack({ tag: 'Proposal', value: 0 }, 0), 'Democracy', 'InvalidVotingPeriod');
    expectSudoFailure(chain, democracyCouncil.fastTrack({ tag: 'Proposal', value: 9 }, 2), 'Democracy', 'ProposalMissing');
    expectSudoFailure(chain, democracyCouncil.fastTrack({ tag: 'Referendum', value: 9 }, 2), 'Democracy', 'ReferendumMissing');
    // 64 referenda running (written directly: launching them one by one would take 64 launches).
    const overlay = new Overlay(chain.state);
    const ids = Array.from({ length: 64 }, (_, i) => 1000 + i);
    const tally = { ayes: 0n, nays: 0n, turnout: 0n };
    const threshold = { tag: 'SimpleMajority', value: null } as const;
    const call = encode(RuntimeCall, CALL);
    for (const id of ids) {
      Democracy.ReferendumInfoOf.set(overlay, id, {
        tag: 'Ongoing',
        value: { end: 10_000, proposal: 0, call, threshold, tally },
      });
    }
    Democracy.Ongoing.set(overlay, ids);
    chain.state.apply(overlay.changes());
    expectSudoFailure(chain, proposal, 'Democracy', 'TooManyReferenda');
  });
});

describe('Democracy.cancelReferendum', () => {
  test('ends a running referendum unapproved; its votes unlock at once, whatever the conviction', () => {
    const chain = governanceChain({ democracy: { votingPeriod: 20 } });
    expectOk(chain.submit(dev.dave, democracy.propose(CALL, D)));
    advanceTo(chain, 4);
    expectOk(chain.submit(dev.eve, democracy.vote(0, true, 50n * UNIT, 6)));
    expectFailure(chain, dev.eve, democracyCouncil.cancelReferendum(0), 'System', 'BadOrigin');
    const { error, events } = passMotion(chain, democracyCouncil.cancelReferendum(0), 2);
    assert.equal(error, undefined);
    assert.deepEqual(eventsOf(events, 'Democracy', 'Cancelled'), [{ referendum: 0 }]);
    assert.deepEqual(Democracy.ReferendumInfoOf.get(chain.state, 0), { tag: 'Cancelled', value: { end: chain.number } });
    assert.equal(Democracy.Ongoing.get(chain.state), undefined);
    const unlocked = chain.submit(dev.eve, democracy.unlock());
    assert.deepEqual(eventsOf(unlocked.events, 'Democracy', 'Unlocked'), [{ voter: dev.eve.publicKey, amount: 50n * UNIT }]);
    advanceTo(chain, 30);
    assert.ok(!allowed(chain, 5), 'nothing was enacted');
    expectSudoFailure(chain, democracyCouncil.cancelReferendum(0), 'Democracy', 'ReferendumFinished');
    expectSudoFailure(chain, democracyCouncil.cancelReferendum(5), 'Democracy', 'ReferendumMissing');
  });
});

describe('Democracy.externalPropose', () => {
  test('stores one simple-majority external proposal; refuses a second, an oversized call, a signed origin', () => {
    const chain = governanceChain({ democracy: { launchPeriod: 100 } });
    const { error } = passMotion(chain, democracyCouncil.externalPropose(CALL), 2);
    assert.equal(error, undefined);
    assert.deepEqual(Democracy.NextExternal.get(chain.state), {
      call: encode(RuntimeCall, CALL),
      threshold: { tag: 'SimpleMajority', value: null },
    });
    expectSudoFailure(chain, democracyCouncil.externalPropose(CALL), 'Democracy', 'DuplicateProposal');
    expectFailure(chain, dev.bob, democracyCouncil.externalPropose(CALL), 'System', 'BadOrigin');
    root(chain, democracyCouncil.fastTrack({ tag: 'External', value: null }, 2));
    const big = phat.uploadCode(new Uint8Array(5000));
    expectSudoFailure(chain, democracyCouncil.externalPropose(big), 'Democracy', 'CallTooLarge');
  });

  test('launches alternate external / public; a simple majority passes with a small turnout', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.dave, democracy.propose(registry.addMeasurement(measurement(8)), D)));
    root(chain, democracyCouncil.externalPropose(CALL));
    advanceTo(chain, 4);
    const [first] = eventsOf<{ referendum: number; proposal: number }>(hookEvents(chain), 'Democracy', 'Started');
    assert.equal(first?.proposal, EXTERNAL_PROPOSAL, 'the external proposal goes first');
    assert.equal(Democracy.LastTabledWasExternal.get(chain.state), true);
    expectOk(chain.submit(dev.eve, democracy.vote(0, true, 2n * UNIT, 1)));
    expectOk(chain.submit(dev.bob, democracy.vote(0, false, UNIT, 1)));
    advanceTo(chain, 8);
    const events = hookEvents(chain);
    assert.deepEqual(
      eventsOf<{ proposal: number }>(events, 'Democracy', 'Started').map((s) => s.proposal),
      [0],
      'then the public one',
    );
    assert.equal(eventsOf(events, 'Democracy', 'Passed').length, 1, '2 ayes > 1 nay: passed');
    assert.equal(Democracy.LastTabledWasExternal.get(chain.state), false);
    advanceTo(chain, 10);
    assert.ok(allowed(chain, 5));
  });
});
