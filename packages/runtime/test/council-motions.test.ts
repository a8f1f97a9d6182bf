// Council motions (pallet-collective): propose, vote, close — what each writes and emits, every
// refused precondition (typed error, nothing written), the council origin a passed motion
// dispatches with ({ayes, members}, checked by ensureCouncil), and the genesis members.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import {
  buildGenesisState,
  Council,
  DEFAULT_COUNCIL_PARAMS,
  devGenesisConfig,
  ensureCouncil,
  Registry,
  RuntimeCall,
  Treasury,
  UNIT,
} from '../src/index.js';
import { COUNCIL_TEST_PARAMS, council, governanceChain, passMotion, treasury } from './governance-setup.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  GENESIS_TIME,
  kp,
  names,
  phat,
  registry,
} from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const MEASUREMENT = new Uint8Array(32).fill(9);
/** A call only root may make: a council motion carrying it fails inside with BadOrigin. */
const ROOT_ONLY = registry.addMeasurement(MEASUREMENT);
const SPEND = treasury.approveSpend(0);

describe('Council: encoding and origin', () => {
  test('Council is RuntimeCall variant 10, Treasury 11 (9 is free)', () => {
    const bytes = encode(RuntimeCall, council.vote(3, true));
    assert.deepEqual([...bytes], [10, 1, 3, 0, 0, 0, 1]);
    assert.deepEqual(decode(RuntimeCall, bytes), council.vote(3, true));
    assert.deepEqual([...encode(RuntimeCall, treasury.approveSpend(1))], [11, 1, 1, 0, 0, 0]);
    assert.throws(() => decode(RuntimeCall, Uint8Array.of(9, 0)), { code: 'CODEC' });
  });

  test('ensureCouncil: root passes, a council origin by proportion of ayes, signed never', () => {
    ensureCouncil({ kind: 'root' }, 2, 3);
    ensureCouncil({ kind: 'council', ayes: 2, members: 3 }, 2, 3);
    ensureCouncil({ kind: 'council', ayes: 3, members: 5 }, 3, 5);
    const refused = [
      { kind: 'council', ayes: 1, members: 3 },
      { kind: 'council', ayes: 2, members: 4 },
      { kind: 'council', ayes: 0, members: 0 },
      { kind: 'signed', account: dev.alice.publicKey },
    ] as const;
    for (const origin of refused) assert.throws(() => ensureCouncil(origin, 2, 3), { name: 'DispatchError', error: 'BadOrigin' });
  });
});

describe('Council.propose', () => {
  test('stores the motion with the proposer’s aye, lists it, ends MotionDuration later', () => {
    const chain = governanceChain();
    const result = chain.submit(dev.bob, council.propose(2, ROOT_ONLY));
    expectOk(result);
    assert.deepEqual(names(result.events).slice(1, 3), ['Council.Proposed', 'Council.Voted']);
    const motion = Council.Motions.get(chain.state, 0);
    assert.deepEqual(motion, {
      proposer: dev.bob.publicKey,
      call: encode(RuntimeCall, ROOT_ONLY),
      threshold: 2,
      ayes: [dev.bob.publicKey],
      nays: [],
      end: 1 + COUNCIL_TEST_PARAMS.motionDuration,
    });
    assert.deepEqual(Council.Active.get(chain.state), [0]);
    assert.equal(Council.MotionCount.get(chain.state), 1);
  });

  test('refuses non-members, bad thresholds, oversized calls, duplicates and a full list', () => {
    const chain = governanceChain();
    expectFailure(chain, dev.dave, council.propose(1, ROOT_ONLY), 'Council', 'NotMember');
    expectSudoFailure(chain, council.propose(1, ROOT_ONLY), 'System', 'BadOrigin');
    expectFailure(chain, dev.alice, council.propose(0, ROOT_ONLY), 'Council', 'InvalidThreshold');
    expectFailure(chain, dev.alice, council.propose(4, ROOT_ONLY), 'Council', 'InvalidThreshold');
    expectFailure(chain, dev.alice, council.propose(1, phat.uploadCode(new Uint8Array(5000))), 'Council', 'CallTooLarge');
    expectOk(chain.submit(dev.alice, council.propose(2, ROOT_ONLY)));
    expectFailure(chain, dev.bob, council.propose(3, ROOT_ONLY), 'Council', 'DuplicateMotion');
    const fill = Array.from({ length: 31 }, (_, i) => [dev.alice, council.propose(2, treasury.approveSpend(i))] as const);
    for (const r of chain.block(fill)) expectOk(r);
    expectFailure(chain, dev.charlie, council.propose(2, treasury.approveSpend(99)), 'Council', 'TooManyMotions');
  });
});

describe('Council.vote', () => {
  test('adds a vote, and voting the other way moves it', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.alice, council.propose(3, ROOT_ONLY)));
    const nay = chain.submit(dev.bob, council.vote(0, false));
    expectOk(nay);
    assert.deepEqual(eventsOf(nay.events, 'Council', 'Voted'), [
      { motion: 0, who: dev.bob.publicKey, aye: false, ayes: 1, nays: 1 },
    ]);
    expectOk(chain.submit(dev.bob, council.vote(0, true)));
    const motion = Council.Motions.get(chain.state, 0);
    assert.deepEqual(motion?.ayes, [dev.alice.publicKey, dev.bob.publicKey]);
    assert.deepEqual(motion?.nays, []);
  });

  test('refuses non-members, missing motions and the same vote twice', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.alice, council.propose(2, ROOT_ONLY)));
    expectFailure(chain, dev.dave, council.vote(0, true), 'Council', 'NotMember');
    expectFailure(chain, dev.bob, council.vote(1, true), 'Council', 'MotionMissing');
    expectFailure(chain, dev.alice, council.vote(0, true), 'Council', 'DuplicateVote');
  });
});

describe('Council.close', () => {
  test('an approved motion dispatches with the council origin {ayes, members}', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(100n * UNIT, dev.eve.publicKey)));
    const { error, events, motion } = passMotion(chain, SPEND, 2);
    assert.equal(error, undefined);
    assert.deepEqual(names(events).slice(1, 4), ['Council.Approved', 'Treasury.Approved', 'Council.Executed']);
    assert.deepEqual(Treasury.Approvals.get(chain.state), [0]);
    assert.equal(Council.Motions.get(chain.state, motion), undefined);
    assert.equal(Council.Active.get(chain.state), undefined);
  });

  test('a passed motion whose call fails is closed all the same, the call reverted', () => {
    const chain = governanceChain();
    // Root-only stays root-only: the council origin is not root.
    const { error } = passMotion(chain, ROOT_ONLY, 3);
    assert.deepEqual([error?.pallet, error?.error], ['System', 'BadOrigin']);
    assert.ok(!(Registry.Measurements.get(chain.state) ?? []).some((m) => m.every((b, i) => b === MEASUREMENT[i])));
    // Nor can the council sign as anyone: sudo needs a signed origin.
    const viaSudo = passMotion(chain, { tag: 'Sudo', value: { tag: 'sudo', value: { call: ROOT_ONLY } } }, 3);
    assert.equal(viaSudo.error?.error, 'BadOrigin');
    // Too few ayes for the treasury (1 of 3 < 3/5): refused inside.
    expectOk(chain.submit(dev.dave, treasury.proposeSpend(100n * UNIT, dev.eve.publicKey)));
    const weak = passMotion(chain, SPEND, 1);
    assert.equal(weak.error?.error, 'BadOrigin');
    assert.equal(Treasury.Approvals.get(chain.state), undefined);
  });

  test('a motion that can no longer pass, or whose time ran out, is dropped', () => {
    const chain = governanceChain();
    expectOk(chain.submit(dev.alice, council.propose(2, ROOT_ONLY)));
    expectOk(chain.submit(dev.bob, council.vote(0, false)));
    expectFailure(chain, dev.eve, council.close(0), 'Council', 'TooEarly');
    expectOk(chain.submit(dev.charlie, council.vote(0, false)));
    const hopeless = chain.submit(dev.eve, council.close(0));
    expectOk(hopeless);
    assert.deepEqual(eventsOf(hopeless.events, 'Council', 'Disapproved'), [{ motion: 0, ayes: 1, nays: 2 }]);
    assert.equal(Council.Motions.get(chain.state, 0), undefined);

    expectOk(chain.submit(dev.alice, council.propose(3, ROOT_ONLY)));
    const end = Council.Motions.get(chain.state, 1)?.end ?? 0;
    while (chain.number < end - 2) chain.block([]);
    expectFailure(chain, dev.eve, council.close(1), 'Council', 'TooEarly');
    const expired = chain.submit(dev.eve, council.close(1));
    expectOk(expired);
    assert.deepEqual(eventsOf(expired.events, 'Council', 'Disapproved'), [{ motion: 1, ayes: 1, nays: 0 }]);
    expectFailure(chain, dev.eve, council.close(1), 'Council', 'MotionMissing');
  });

  test('a member who leaves takes its votes out of open motions', () => {
    const chain = governanceChain({ council: { termDuration: 1000 } });
    expectOk(chain.submit(dev.alice, council.propose(2, ROOT_ONLY)));
    expectOk(chain.submit(dev.bob, council.vote(0, false)));
    expectOk(chain.submit(dev.bob, council.renounceCandidacy()));
    assert.deepEqual(Council.Members.get(chain.state), [dev.alice.publicKey, dev.charlie.publicKey]);
    assert.deepEqual(Council.Motions.get(chain.state, 0)?.nays, []);
    expectFailure(chain, dev.bob, council.vote(0, true), 'Council', 'NotMember');
  });
});

describe('Council genesis', () => {
  test('seeds the members and parameters, and refuses bad ones', () => {
    const config = devGenesisConfig(GENESIS_TIME);
    const plain = buildGenesisState(config);
    assert.equal(Council.Members.get(plain), undefined);
    assert.equal(Council.Params.get(plain), undefined);
    const seeded = buildGenesisState({ ...config, council: { members: [dev.bob.publicKey], params: { termDuration: 50 } } });
    assert.deepEqual(Council.Members.get(seeded), [dev.bob.publicKey]);
    assert.deepEqual(Council.Params.get(seeded), { ...DEFAULT_COUNCIL_PARAMS, termDuration: 50 });
    const fourteen = Array.from({ length: 14 }, (_, i) => kp(`//member/${i}`).publicKey);
    const bad = [
      { members: fourteen },
      { members: [dev.bob.publicKey, dev.bob.publicKey] },
      { members: [new Uint8Array(31)] },
      { members: [], params: { motionDuration: 0 } },
      { members: [], params: { desiredMembers: 14 } },
      { members: [], params: { termDuration: 1_000_001 } },
    ];
    for (const council of bad) assert.throws(() => buildGenesisState({ ...config, council }), { code: 'INVALID_INPUT' });
  });
});

describe('Council.setParams', () => {
  test('root sets the parameters; others and invalid ones are refused with nothing written', () => {
    const chain = governanceChain();
    const next = { ...COUNCIL_TEST_PARAMS, motionDuration: 9, desiredMembers: 5 };
    expectFailure(chain, dev.bob, council.setParams(next), 'System', 'BadOrigin');
    expectSudoFailure(chain, council.setParams({ ...next, desiredMembers: 0 }), 'Council', 'InvalidParams');
    assert.deepEqual(Council.Params.get(chain.state), COUNCIL_TEST_PARAMS, 'unchanged');
    const result = chain.sudo(council.setParams(next));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Council', 'ParamsSet'), [{ params: next }]);
    assert.deepEqual(Council.Params.get(chain.state), next);
  });
});
