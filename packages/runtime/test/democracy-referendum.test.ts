// Democracy, the whole path: propose → second → launch (deposits back) → votes with convictions →
// tally → enactment dispatches a Root call whose effect is visible; a rejected referendum changes
// nothing; a failing enacted call is reported and reverted; vote locks are released exactly at expiry.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, utf8 } from '@phalanx/crypto';
import { Democracy, Registry, UNIT } from '../src/index.js';
import { advanceTo, balanceOf, democracy, democracyChain, hookEvents } from './democracy-setup.js';
import { dev, eventsOf, expectFailure, expectOk, names, registry, type TestChain } from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const MEASUREMENT = blake2_256(utf8('phalanx/test/governed-measurement'));
const hasMeasurement = (chain: TestChain) =>
  (Registry.Measurements.get(chain.state) ?? []).some((m) => Buffer.compare(m, MEASUREMENT) === 0);

/** Dave proposes (block 1), Eve seconds (block 2), the referendum starts at block 4 and ends at 8. */
function launched(call = registry.addMeasurement(MEASUREMENT)): TestChain {
  const chain = democracyChain();
  expectOk(chain.submit(dev.dave, democracy.propose(call, 10n * UNIT)));
  expectOk(chain.submit(dev.eve, democracy.second(0)));
  assert.equal(balanceOf(chain, dev.dave).reserved, 10n * UNIT);
  assert.equal(balanceOf(chain, dev.eve).reserved, 10n * UNIT);
  advanceTo(chain, 4);
  assert.deepEqual(eventsOf(hookEvents(chain), 'Democracy', 'Started'), [
    { referendum: 0, proposal: 0, end: 8, threshold: { tag: 'SuperMajorityApprove', value: null } },
  ]);
  assert.equal(balanceOf(chain, dev.dave).reserved, 0n, 'the proposer has its deposit back');
  assert.equal(balanceOf(chain, dev.eve).reserved, 0n, 'the seconder has its deposit back');
  assert.deepEqual(Democracy.PublicProps.get(chain.state), []);
  return chain;
}

describe('Democracy: a referendum from proposal to enactment', () => {
  test('passes with conviction-weighted ayes and dispatches registry.addMeasurement with Root', () => {
    const chain = launched();
    const [bobVote, charlieVote] = chain.block([
      [dev.bob, democracy.vote(0, true, 100_000n * UNIT, 6)],
      [dev.charlie, democracy.vote(0, false, 50_000n * UNIT, 1)],
    ]);
    expectOk(bobVote as never);
    expectOk(charlieVote as never);
    const info = Democracy.ReferendumInfoOf.get(chain.state, 0);
    assert.equal(info?.tag, 'Ongoing');
    if (info?.tag === 'Ongoing')
      assert.deepEqual(info.value.tally, { ayes: 600_000n * UNIT, nays: 50_000n * UNIT, turnout: 150_000n * UNIT });
    advanceTo(chain, 8);
    const [passed] = eventsOf(hookEvents(chain), 'Democracy', 'Passed');
    assert.deepEqual(passed, {
      referendum: 0,
      tally: { ayes: 600_000n * UNIT, nays: 50_000n * UNIT, turnout: 150_000n * UNIT },
      enactAt: 10,
    });
    assert.deepEqual(Democracy.ReferendumInfoOf.get(chain.state, 0), { tag: 'Finished', value: { approved: true, end: 8 } });
    assert.equal(hasMeasurement(chain), false, 'nothing happens before the enactment block');
    advanceTo(chain, 9);
    assert.equal(hasMeasurement(chain), false);
    advanceTo(chain, 10);
    assert.deepEqual(
      names(hookEvents(chain)).filter((n) => n.startsWith('Registry.Measurement') || n.startsWith('Democracy')),
      ['Registry.MeasurementAdded', 'Democracy.Executed'],
    );
    assert.deepEqual(eventsOf(hookEvents(chain), 'Democracy', 'Executed'), [{ referendum: 0, error: undefined }]);
    assert.equal(hasMeasurement(chain), true, 'the Root call took effect');
    assert.equal(Democracy.Agenda.get(chain.state, 10), undefined);
  });

  test('a rejected referendum changes nothing: NotPassed, no agenda, the allow-list unchanged', () => {
    const chain = launched();
    chain.block([
      [dev.bob, democracy.vote(0, true, 10_000n * UNIT, 1)],
      [dev.charlie, democracy.vote(0, false, 10_000n * UNIT, 1)],
    ]);
    const measurements = Registry.Measurements.get(chain.state);
    advanceTo(chain, 8);
    assert.deepEqual(eventsOf(hookEvents(chain), 'Democracy', 'NotPassed'), [
      { referendum: 0, tally: { ayes: 10_000n * UNIT, nays: 10_000n * UNIT, turnout: 20_000n * UNIT } },
    ]);
    assert.deepEqual(Democracy.ReferendumInfoOf.get(chain.state, 0), { tag: 'Finished', value: { approved: false, end: 8 } });
    advanceTo(chain, 12);
    assert.equal(Democracy.Agenda.get(chain.state, 10), undefined);
    assert.deepEqual(Registry.Measurements.get(chain.state), measurements);
  });

  test('no votes at all: not passed (no turnout never passes a super-majority)', () => {
    const chain = launched();
    advanceTo(chain, 8);
    assert.equal(eventsOf(hookEvents(chain), 'Democracy', 'NotPassed').length, 1);
  });

  test('a failing enacted call is reported in Executed { error } and changes nothing else', () => {
    // Adding a measurement that is already allowed fails with Registry.MeasurementExists.
    const chain = launched();
    expectOk(chain.submit(dev.bob, democracy.vote(0, true, 500_000n * UNIT, 6)));
    advanceTo(chain, 8);
    // Root adds the measurement first (sudo, block 9), so the call enacted at block 10 finds it present.
    expectOk(chain.sudo(registry.addMeasurement(MEASUREMENT)));
    assert.equal(hasMeasurement(chain), true);
    const after = Registry.Measurements.get(chain.state);
    advanceTo(chain, 10);
    const [executed] = eventsOf<{ error?: { pallet: string; error: string } }>(hookEvents(chain), 'Democracy', 'Executed');
    assert.deepEqual([executed?.error?.pallet, executed?.error?.error], ['Registry', 'MeasurementExists']);
    assert.deepEqual(
      names(hookEvents(chain)).filter((n) => n.startsWith('Registry.Measurement')),
      [],
      'the failed call emitted nothing of its own',
    );
    assert.deepEqual(Registry.Measurements.get(chain.state), after);
  });

  test('vote locks: conviction 0 at the end, conviction n at end + n × EnactmentPeriod, not a block earlier', () => {
    const chain = launched();
    chain.block([
      [dev.bob, democracy.vote(0, true, 1_000n * UNIT, 0)],
      [dev.charlie, democracy.vote(0, true, 2_000n * UNIT, 3)],
    ]);
    advanceTo(chain, 7);
    const early = chain.submit(dev.bob, democracy.unlock()); // block 8: the referendum ended in this block's hook
    expectOk(early);
    assert.deepEqual(eventsOf(early.events, 'Democracy', 'Unlocked'), [{ voter: dev.bob.publicKey, amount: 1_000n * UNIT }]);
    assert.equal(balanceOf(chain, dev.bob).reserved, 0n);
    // Charlie: end 8 + 3 × 2 = 14.
    advanceTo(chain, 12);
    const tooEarly = chain.submit(dev.charlie, democracy.unlock()); // block 13
    assert.deepEqual(eventsOf(tooEarly.events, 'Democracy', 'Unlocked'), [{ voter: dev.charlie.publicKey, amount: 0n }]);
    assert.equal(balanceOf(chain, dev.charlie).reserved, 2_000n * UNIT);
    const onTime = chain.submit(dev.charlie, democracy.unlock()); // block 14
    assert.deepEqual(eventsOf(onTime.events, 'Democracy', 'Unlocked'), [{ voter: dev.charlie.publicKey, amount: 2_000n * UNIT }]);
    assert.equal(balanceOf(chain, dev.charlie).reserved, 0n);
    assert.equal(Democracy.VotingOf.get(chain.state, dev.charlie.publicKey), undefined);
  });

  test('the best-backed proposal launches first; a tie goes to the oldest', () => {
    const chain = democracyChain();
    chain.block([
      [dev.bob, democracy.propose(registry.addMeasurement(MEASUREMENT), 10n * UNIT)],
      [dev.charlie, democracy.propose(registry.removeMeasurement(MEASUREMENT), 20n * UNIT)],
      [dev.dave, democracy.propose(registry.addMeasurement(new Uint8Array(32)), 20n * UNIT)],
    ]);
    advanceTo(chain, 4);
    assert.equal(eventsOf<{ proposal: number }>(hookEvents(chain), 'Democracy', 'Started')[0]?.proposal, 1, 'tie: oldest');
    expectOk(chain.submit(dev.eve, democracy.second(0))); // 0: 20 PHA, 2: 20 PHA → tie, 0 is older
    expectOk(chain.submit(dev.eve, democracy.second(0))); // 0: 30 PHA
    advanceTo(chain, 8);
    assert.equal(eventsOf<{ proposal: number }>(hookEvents(chain), 'Democracy', 'Started')[0]?.proposal, 0);
    assert.equal(balanceOf(chain, dev.eve).reserved, 0n, 'both seconds returned');
    assert.equal(balanceOf(chain, dev.dave).reserved, 20n * UNIT, 'the proposal still waiting keeps its deposit');
  });

  test('what democracy holds (deposits, votes) cannot be freed through Balances.unreserve', () => {
    const unreserve = (value: bigint) => ({ tag: 'Balances', value: { tag: 'unreserve', value: { value } } }) as const;
    const chain = democracyChain();
    expectOk(chain.submit(dev.dave, democracy.propose(registry.addMeasurement(MEASUREMENT), 10n * UNIT)));
    expectFailure(chain, dev.dave, unreserve(10n * UNIT), 'Balances', 'InsufficientReserve');
    advanceTo(chain, 4); // the launch returns the deposit
    assert.equal(eventsOf(hookEvents(chain), 'Democracy', 'Started').length, 1);
    assert.equal(balanceOf(chain, dev.dave).reserved, 0n);
    expectOk(chain.submit(dev.bob, democracy.vote(0, true, 100n * UNIT, 1)));
    expectFailure(chain, dev.bob, unreserve(60n * UNIT), 'Balances', 'InsufficientReserve');
    assert.equal(balanceOf(chain, dev.bob).reserved, 100n * UNIT, 'the vote still holds its balance');
    advanceTo(chain, 10);
    const result = chain.submit(dev.bob, democracy.unlock());
    assert.deepEqual(eventsOf(result.events, 'Democracy', 'Unlocked'), [{ voter: dev.bob.publicKey, amount: 100n * UNIT }]);
    assert.equal(Democracy.VotingOf.get(chain.state, dev.bob.publicKey), undefined);
  });
});
