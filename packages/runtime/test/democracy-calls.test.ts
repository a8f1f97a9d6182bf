// Democracy calls one by one: what each writes and emits, and every refused precondition (a typed
// error, nothing written, the fee charged); setParams through sudo; the genesis parameters.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import {
  Balances,
  buildGenesisState,
  DEFAULT_DEMOCRACY_PARAMS,
  Democracy,
  devGenesisConfig,
  RuntimeCall,
  readAccount,
  UNIT,
} from '../src/index.js';
import { advanceTo, balanceOf, democracy, democracyChain, TEST_PARAMS } from './democracy-setup.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  GENESIS_TIME,
  phat,
  registry,
  root,
  type TestChain,
} from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const CALL = registry.addMeasurement(new Uint8Array(32).fill(7));
const D = 10n * UNIT;

/** A chain whose referendum 0 (proposed by Dave) is running from block 4 to 8. */
function withReferendum(params = {}): TestChain {
  const chain = democracyChain(params);
  expectOk(chain.submit(dev.dave, democracy.propose(CALL, D)));
  advanceTo(chain, 4);
  return chain;
}

describe('Democracy: encoding', () => {
  test('Democracy is RuntimeCall variant 8 (7 is kept free), its calls 0..5', () => {
    const bytes = encode(RuntimeCall, democracy.second(1));
    assert.deepEqual([...bytes], [8, 1, 1, 0, 0, 0]);
    assert.deepEqual(decode(RuntimeCall, bytes), democracy.second(1));
    assert.throws(() => decode(RuntimeCall, Uint8Array.of(7, 0)), { code: 'CODEC' });
    assert.deepEqual([...encode(RuntimeCall, democracy.unlock())], [8, 4]);
  });
});

describe('Democracy.propose', () => {
  test('reserves the deposit, stores the encoded call, counts proposals', () => {
    const chain = democracyChain();
    const result = chain.submit(dev.bob, democracy.propose(CALL, D));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Democracy', 'Proposed'), [
      { proposal: 0, proposer: dev.bob.publicKey, deposit: D },
    ]);
    assert.equal(balanceOf(chain, dev.bob).reserved, D);
    const [prop] = Democracy.PublicProps.get(chain.state) ?? [];
    assert.deepEqual(prop?.call, encode(RuntimeCall, CALL));
    assert.equal(Democracy.PublicPropCount.get(chain.state), 1);
  });

  test('refuses a deposit below MinimumDeposit', () => {
    expectFailure(democracyChain(), dev.bob, democracy.propose(CALL, D - 1n), 'Democracy', 'DepositTooLow');
  });

  test('refuses a call encoding to more than 4096 bytes', () => {
    const big = phat.uploadCode(new Uint8Array(4097));
    expectFailure(democracyChain(), dev.bob, democracy.propose(big, D), 'Democracy', 'CallTooLarge');
  });

  test('refuses more than MaxProposals waiting proposals', () => {
    const chain = democracyChain();
    chain.block([0, 1, 2].map(() => [dev.bob, democracy.propose(CALL, D)] as const));
    expectFailure(chain, dev.charlie, democracy.propose(CALL, D), 'Democracy', 'TooManyProposals');
  });

  test('refuses a deposit the proposer cannot reserve', () => {
    const chain = democracyChain();
    expectFailure(chain, dev.bob, democracy.propose(CALL, 2_000_000n * UNIT), 'Balances', 'InsufficientBalance');
  });
});

describe('Democracy.second', () => {
  test('reserves the proposal deposit again and records the seconder', () => {
    const chain = democracyChain();
    expectOk(chain.submit(dev.bob, democracy.propose(CALL, D)));
    const result = chain.submit(dev.charlie, democracy.second(0));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Democracy', 'Seconded'), [
      { proposal: 0, seconder: dev.charlie.publicKey, deposit: D },
    ]);
    assert.equal(balanceOf(chain, dev.charlie).reserved, D);
    assert.deepEqual(Democracy.PublicProps.get(chain.state)?.[0]?.seconders, [dev.charlie.publicKey]);
  });

  test('refuses an unknown proposal', () => {
    expectFailure(democracyChain(), dev.bob, democracy.second(0), 'Democracy', 'ProposalMissing');
  });

  test('refuses the 101st second', () => {
    const chain = democracyChain({ launchPeriod: 1000 });
    expectOk(chain.submit(dev.bob, democracy.propose(CALL, D)));
    chain.block(Array.from({ length: 100 }, () => [dev.charlie, democracy.second(0)] as const));
    assert.equal(Democracy.PublicProps.get(chain.state)?.[0]?.seconders.length, 100);
    expectFailure(chain, dev.dave, democracy.second(0), 'Democracy', 'TooManySeconds');
  });
});

describe('Democracy.vote and removeVote', () => {
  test('a second vote replaces the first (reserve and tally)', () => {
    const chain = withReferendum();
    expectOk(chain.submit(dev.bob, democracy.vote(0, true, 100n * UNIT, 2)));
    const result = chain.submit(dev.bob, democracy.vote(0, false, 30n * UNIT, 0));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Democracy', 'Voted'), [
      { referendum: 0, voter: dev.bob.publicKey, aye: false, balance: 30n * UNIT, conviction: 0 },
    ]);
    assert.equal(balanceOf(chain, dev.bob).reserved, 30n * UNIT);
    const info = Democracy.ReferendumInfoOf.get(chain.state, 0);
    assert.ok(info?.tag === 'Ongoing');
    assert.deepEqual(info.value.tally, { ayes: 0n, nays: 3n * UNIT, turnout: 30n * UNIT });
    assert.equal(Democracy.VotingOf.get(chain.state, dev.bob.publicKey)?.length, 1);
  });

  test('removeVote takes it out of the tally and returns the reserve at once', () => {
    const chain = withReferendum();
    expectOk(chain.submit(dev.bob, democracy.vote(0, true, 100n * UNIT, 6)));
    const result = chain.submit(dev.bob, democracy.removeVote(0));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Democracy', 'VoteRemoved'), [{ referendum: 0, voter: dev.bob.publicKey }]);
    assert.equal(balanceOf(chain, dev.bob).reserved, 0n);
    const info = Democracy.ReferendumInfoOf.get(chain.state, 0);
    assert.ok(info?.tag === 'Ongoing');
    assert.deepEqual(info.value.tally, { ayes: 0n, nays: 0n, turnout: 0n });
    assert.equal(Democracy.VotingOf.get(chain.state, dev.bob.publicKey), undefined);
  });

  test('refuses an unknown referendum, a finished one, conviction 7, a zero balance, an unaffordable one', () => {
    const chain = withReferendum({ votingPeriod: 20 }); // ends at block 24
    expectFailure(chain, dev.bob, democracy.vote(1, true, UNIT, 1), 'Democracy', 'ReferendumMissing');
    expectFailure(chain, dev.bob, democracy.vote(0, true, UNIT, 7), 'Democracy', 'InvalidConviction');
    expectFailure(chain, dev.bob, democracy.vote(0, true, 0n, 1), 'Democracy', 'ZeroBalance');
    expectFailure(chain, dev.bob, democracy.vote(0, true, 2_000_000n * UNIT, 1), 'Balances', 'InsufficientBalance');
    advanceTo(chain, 24);
    expectFailure(chain, dev.bob, democracy.vote(0, true, UNIT, 1), 'Democracy', 'ReferendumFinished');
    expectFailure(chain, dev.bob, democracy.removeVote(0), 'Democracy', 'ReferendumFinished');
  });

  test('refuses more than MaxVotesPerAccount votes', () => {
    // Launch every 2 blocks, vote for 8: referenda 0 (block 2) and 1 (block 4) run together.
    const chain = democracyChain({ launchPeriod: 2, votingPeriod: 8, maxVotesPerAccount: 1 });
    chain.block([
      [dev.dave, democracy.propose(CALL, D)],
      [dev.dave, democracy.propose(CALL, D)],
    ]);
    advanceTo(chain, 4);
    expectOk(chain.submit(dev.bob, democracy.vote(0, true, UNIT, 1)));
    expectFailure(chain, dev.bob, democracy.vote(1, true, UNIT, 1), 'Democracy', 'TooManyVotes');
    expectOk(chain.submit(dev.bob, democracy.vote(0, false, UNIT, 1))); // replacing is not another vote
  });

  test('removeVote refuses a non-voter and an unknown referendum', () => {
    const chain = withReferendum();
    expectFailure(chain, dev.bob, democracy.removeVote(0), 'Democracy', 'NotVoter');
    expectFailure(chain, dev.bob, democracy.removeVote(5), 'Democracy', 'ReferendumMissing');
  });

  test('unlock with nothing to release emits Unlocked { amount: 0 } and writes nothing', () => {
    const chain = democracyChain();
    const result = chain.submit(dev.bob, democracy.unlock());
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Democracy', 'Unlocked'), [{ voter: dev.bob.publicKey, amount: 0n }]);
  });
});

describe('Democracy.setParams and genesis', () => {
  test('root sets the parameters; a signed caller cannot; bad parameters are refused', () => {
    const chain = democracyChain();
    const params = { ...TEST_PARAMS, votingPeriod: 9 };
    const events = root(chain, democracy.setParams(params));
    assert.deepEqual(eventsOf(events, 'Democracy', 'ParamsSet'), [params]);
    assert.deepEqual(Democracy.Params.get(chain.state), params);
    expectFailure(chain, dev.bob, democracy.setParams(params), 'System', 'BadOrigin');
    for (const bad of [
      { launchPeriod: 0 },
      { votingPeriod: 0 },
      { enactmentPeriod: 0 },
      { minimumDeposit: 0n },
      { maxProposals: 0 },
      { maxProposals: 101 },
      { maxVotesPerAccount: 0 },
      { maxVotesPerAccount: 101 },
    ]) {
      expectSudoFailure(chain, democracy.setParams({ ...params, ...bad }), 'Democracy', 'InvalidParams');
    }
  });

  test('genesis: the electorate is the total issuance; parameters default; bad ones are refused', () => {
    const config = devGenesisConfig(GENESIS_TIME);
    const state = buildGenesisState(config);
    const issuance = config.balances.reduce((sum, [, free]) => sum + free, 0n);
    assert.equal(Balances.TotalIssuance.get(state), issuance);
    assert.equal(Democracy.Params.get(state), undefined);
    assert.equal(readAccount(state, dev.bob.publicKey).free, 1_000_000n * UNIT);
    const custom = buildGenesisState({ ...config, democracy: { votingPeriod: 99 } });
    assert.deepEqual(Democracy.Params.get(custom), { ...DEFAULT_DEMOCRACY_PARAMS, votingPeriod: 99 });
    assert.throws(() => buildGenesisState({ ...config, democracy: { launchPeriod: 0 } }), {
      code: 'INVALID_INPUT',
      message: /launchPeriod/,
    });
  });
});
