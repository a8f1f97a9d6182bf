// Council elections (pallet-elections-phragmen): candidacies with held bonds, voters with held
// stake, and the election at every TermDuration blocks by sequential Phragmén — winners seated,
// losing candidates' bonds to the treasury, departing members' bonds returned, an unbacked term
// keeping the members.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import { Balances, COUNCIL_LIMITS, Council, Overlay, RuntimeCall, Treasury, UNIT } from '../src/index.js';
import { council, governanceChain, hookEvents } from './governance-setup.js';
import { dev, eventsOf, expectFailure, expectOk, kp, names, type TestChain } from './pallet-helpers.js';
import { checkConservation } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const BOND = 5n * UNIT;
const held = (chain: TestChain, who: Uint8Array) => Balances.Held.get(chain.state, who) ?? 0n;
/** A chain electing 2 seats every 10 blocks (no treasury burn: the pot shows what it was given). */
const electing = () => governanceChain({ council: { termDuration: 10, desiredMembers: 2 }, treasury: { burn: 0 } });

function write(chain: TestChain, fn: (overlay: Overlay) => void): void {
  const overlay = new Overlay(chain.state);
  fn(overlay);
  chain.state.apply(overlay.changes());
}

describe('Council candidacies', () => {
  test('submitCandidacy holds the bond; renounceCandidacy returns it', () => {
    const chain = electing();
    const result = chain.submit(dev.dave, council.submitCandidacy());
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Council', 'CandidacySubmitted'), [{ who: dev.dave.publicKey, bond: BOND }]);
    assert.deepEqual(Council.Candidates.get(chain.state), [dev.dave.publicKey]);
    assert.equal(held(chain, dev.dave.publicKey), BOND);
    const renounced = chain.submit(dev.dave, council.renounceCandidacy());
    expectOk(renounced);
    assert.deepEqual(eventsOf(renounced.events, 'Council', 'Renounced'), [{ who: dev.dave.publicKey, wasMember: false }]);
    assert.equal(Council.Candidates.get(chain.state), undefined);
    assert.equal(held(chain, dev.dave.publicKey), 0n);
    assert.equal(Council.Bonds.get(chain.state, dev.dave.publicKey), undefined);
  });

  test('refused: no elections, a member, twice, a full list; renouncing without standing', () => {
    expectFailure(governanceChain(), dev.dave, council.submitCandidacy(), 'Council', 'ElectionsDisabled');
    const chain = electing();
    expectFailure(chain, dev.alice, council.submitCandidacy(), 'Council', 'MemberSubmit');
    expectOk(chain.submit(dev.dave, council.submitCandidacy()));
    expectFailure(chain, dev.dave, council.submitCandidacy(), 'Council', 'DuplicateCandidate');
    expectFailure(chain, dev.eve, council.renounceCandidacy(), 'Council', 'NotCandidate');
    write(chain, (o) =>
      Council.Candidates.set(
        o,
        Array.from({ length: COUNCIL_LIMITS.maxCandidates }, (_, i) => kp(`//candidate/${i}`).publicKey),
      ),
    );
    expectFailure(chain, dev.eve, council.submitCandidacy(), 'Council', 'TooManyCandidates');
  });

  test('refused: a bond the candidate cannot hold', () => {
    const chain = electing();
    const poor = kp('//poor-candidate');
    expectOk(
      chain.submit(dev.bob, { tag: 'Balances', value: { tag: 'transfer', value: { dest: poor.publicKey, value: UNIT } } }),
    );
    expectFailure(chain, poor, council.submitCandidacy(), 'Balances', 'InsufficientBalance');
  });

  test('a member renouncing leaves the council at once', () => {
    const chain = electing();
    const result = chain.submit(dev.charlie, council.renounceCandidacy());
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Council', 'Renounced'), [{ who: dev.charlie.publicKey, wasMember: true }]);
    assert.deepEqual(Council.Members.get(chain.state), [dev.alice.publicKey, dev.bob.publicKey]);
  });
});

describe('Council voters', () => {
  test('voteCandidates holds the stake; voting again replaces it; removeVoter returns it', () => {
    const chain = electing();
    expectOk(chain.submit(dev.dave, council.submitCandidacy()));
    const voted = chain.submit(dev.eve, council.voteCandidates([dev.dave.publicKey, dev.alice.publicKey], 100n * UNIT));
    expectOk(voted);
    assert.deepEqual(eventsOf(voted.events, 'Council', 'VoterSet'), [{ who: dev.eve.publicKey, votes: 2, stake: 100n * UNIT }]);
    assert.equal(held(chain, dev.eve.publicKey), 100n * UNIT);
    expectOk(chain.submit(dev.eve, council.voteCandidates([dev.dave.publicKey], 30n * UNIT)));
    assert.equal(held(chain, dev.eve.publicKey), 30n * UNIT);
    assert.deepEqual(Council.Voting.get(chain.state, dev.eve.publicKey), { votes: [dev.dave.publicKey], stake: 30n * UNIT });
    assert.deepEqual(Council.Voters.get(chain.state), [dev.eve.publicKey]);
    const removed = chain.submit(dev.eve, council.removeVoter());
    expectOk(removed);
    assert.deepEqual(eventsOf(removed.events, 'Council', 'VoterRemoved'), [{ who: dev.eve.publicKey, stake: 30n * UNIT }]);
    assert.equal(held(chain, dev.eve.publicKey), 0n);
    assert.equal(Council.Voters.get(chain.state), undefined);
    checkConservation(chain.state);
  });

  test('refused: no elections, no votes, duplicates, non-candidates, zero stake, too many voters, no vote to remove', () => {
    const alice = dev.alice.publicKey;
    expectFailure(governanceChain(), dev.eve, council.voteCandidates([alice], UNIT), 'Council', 'ElectionsDisabled');
    const chain = electing();
    expectFailure(chain, dev.eve, council.voteCandidates([], UNIT), 'Council', 'NoVotes');
    expectFailure(chain, dev.eve, council.voteCandidates([alice, alice], UNIT), 'Council', 'DuplicateVote');
    expectFailure(chain, dev.eve, council.voteCandidates([dev.dave.publicKey], UNIT), 'Council', 'NotCandidate');
    expectFailure(chain, dev.eve, council.voteCandidates([alice], 0n), 'Council', 'ZeroStake');
    expectFailure(chain, dev.eve, council.voteCandidates([alice], 10n ** 30n), 'Balances', 'InsufficientBalance');
    expectFailure(chain, dev.eve, council.removeVoter(), 'Council', 'NotVoter');
    // Replacing a vote with a stake that cannot be held reverts the release of the old one too.
    expectOk(chain.submit(dev.dave, council.voteCandidates([alice], 7n * UNIT)));
    expectFailure(chain, dev.dave, council.voteCandidates([alice], 10n ** 30n), 'Balances', 'InsufficientBalance');
    assert.equal(held(chain, dev.dave.publicKey), 7n * UNIT);
    const seventeen = Array.from({ length: 17 }, (_, i) => kp(`//candidate/${i}`).publicKey);
    assert.throws(() => encode(RuntimeCall, council.voteCandidates(seventeen, UNIT)), { code: 'ENCODE' });
    write(chain, (o) =>
      Council.Voters.set(
        o,
        Array.from({ length: COUNCIL_LIMITS.maxVoters }, (_, i) => kp(`//voter/${i % 40}/${i}`).publicKey),
      ),
    );
    expectFailure(chain, dev.eve, council.voteCandidates([alice], UNIT), 'Council', 'TooManyVoters');
  });
});

describe('Council election hook', () => {
  test('seats the best-backed, forfeits losing candidates’ bonds, returns departing members’', () => {
    const chain = electing();
    expectOk(chain.submit(dev.dave, council.submitCandidacy()));
    expectOk(chain.submit(dev.eve, council.submitCandidacy()));
    expectOk(chain.submit(dev.dave, council.voteCandidates([dev.dave.publicKey], 100n * UNIT)));
    expectOk(chain.submit(dev.eve, council.voteCandidates([dev.eve.publicKey], 50n * UNIT)));
    expectOk(chain.submit(dev.ferdie, council.voteCandidates([dev.alice.publicKey], 10n * UNIT)));
    while (chain.number < 10) chain.block([]);
    assert.deepEqual(eventsOf(hookEvents(chain), 'Council', 'NewTerm'), [{ members: [dev.dave.publicKey, dev.eve.publicKey] }]);
    assert.deepEqual(Council.Members.get(chain.state), [dev.dave.publicKey, dev.eve.publicKey]);
    assert.equal(Council.Candidates.get(chain.state), undefined);
    assert.equal(Council.Bonds.get(chain.state, dev.dave.publicKey), BOND, 'a seated member keeps its bond held');
    assert.equal(held(chain, dev.dave.publicKey), BOND + 100n * UNIT);

    // Term 2: Charlie stands unbacked and loses his bond; Eve's backer leaves, Alice's gains, so Eve's seat goes.
    expectOk(chain.submit(dev.charlie, council.submitCandidacy()));
    expectOk(chain.submit(dev.alice, council.submitCandidacy()));
    expectOk(chain.submit(dev.eve, council.removeVoter()));
    expectOk(chain.submit(dev.bob, council.voteCandidates([dev.alice.publicKey], 40n * UNIT)));
    while (chain.number < 20) chain.block([]);
    const events = hookEvents(chain);
    assert.deepEqual(eventsOf(events, 'Council', 'CandidateSlashed'), [{ who: dev.charlie.publicKey, amount: BOND }]);
    assert.deepEqual(Council.Members.get(chain.state), [dev.dave.publicKey, dev.alice.publicKey]);
    assert.equal(held(chain, dev.eve.publicKey), 0n, "Eve's bond is returned with her seat");
    assert.equal(held(chain, dev.charlie.publicKey), 0n);
    assert.equal(Treasury.Pot.get(chain.state), BOND);
    checkConservation(chain.state);
  });

  test('an election that backs nobody keeps the members and candidates', () => {
    const chain = electing();
    expectOk(chain.submit(dev.dave, council.submitCandidacy()));
    while (chain.number < 10) chain.block([]);
    assert.deepEqual(
      names(hookEvents(chain)).filter((n) => n.startsWith('Council')),
      ['Council.EmptyTerm'],
    );
    assert.equal(Council.Members.get(chain.state)?.length, 3);
    assert.deepEqual(Council.Candidates.get(chain.state), [dev.dave.publicKey]);
    assert.equal(held(chain, dev.dave.publicKey), BOND);
  });

  test('no elections while TermDuration is 0', () => {
    const chain = governanceChain();
    while (chain.number < 20) chain.block([]);
    assert.deepEqual(
      names(hookEvents(chain)).filter((n) => n.startsWith('Council')),
      [],
    );
    assert.equal(Council.Members.get(chain.state)?.length, 3);
  });
});
