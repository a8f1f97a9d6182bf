// Payout pages and voting powers: a reward paid a page at a time pays exactly what one pass pays,
// and voting powers stay within CometBFT's total cap, each at least 1.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { Balances, Overlay, readAccount, Staking, UNIT } from '../src/index.js';
import { MAX_TOTAL_VOTING_POWER } from '../src/pallets/consensus/types.js';
import { votingPowers } from '../src/pallets/staking/apply-validators.js';
import { payoutStep, startPayout } from '../src/pallets/staking/payout.js';
import { vkey } from './consensus-setup.js';
import { cloneState } from './helpers.js';
import { runTo, staker, staking, stakingChain, TEST_PARAMS } from './staking-setup.js';

before(async () => {
  await cryptoReady();
});

describe('staking payouts', () => {
  test('paid one nominator per step, the reward adds up to the same as in one pass', () => {
    const chain = stakingChain();
    chain.block([0, 1, 2, 3, 4, 5].map((i) => [staker(i), staking.bond(BigInt(100 + 37 * i) * UNIT)] as const));
    chain.block([
      [staker(0), staking.validate(vkey(1), 30_000)],
      [staker(1), staking.validate(vkey(2), 0)],
      ...[2, 3, 4, 5].map((i) => [staker(i), staking.nominate([staker(0).publicKey, staker(1).publicKey])] as const),
    ]);
    runTo(chain, 10);
    const accounts = [0, 1, 2, 3, 4, 5].map((i) => staker(i).publicKey);
    // One pass, as the hook does it (a page holds far more than these 4 nominators).
    const once = new Overlay(cloneState(chain.state));
    startPayout(once, 1, TEST_PARAMS.eraReward);
    payoutStep({ state: once, emit: () => {} });
    // One nominator (or validator) per step.
    const paged = new Overlay(cloneState(chain.state));
    startPayout(paged, 1, TEST_PARAMS.eraReward);
    let steps = 0;
    while (Staking.PayoutProgress.get(paged) !== undefined) {
      payoutStep({ state: paged, emit: () => {} }, 1);
      steps++;
    }
    assert.ok(steps > 2, `paid over ${steps} steps`);
    for (const who of accounts) assert.equal(readAccount(paged, who).free, readAccount(once, who).free);
    const minted = (Balances.TotalIssuance.get(paged) as bigint) - (Balances.TotalIssuance.get(chain.state) as bigint);
    assert.equal(minted, TEST_PARAMS.eraReward);
  });

  test('voting powers: backing / powerUnit, at least 1, scaled into the total cap', () => {
    assert.deepEqual(votingPowers([10n * UNIT, UNIT / 2n, 0n], UNIT), [10n, 1n, 1n]);
    const huge = Array.from({ length: 100 }, (_, i) => (1n << 120n) + BigInt(i));
    const powers = votingPowers(huge, 1n);
    assert.ok(powers.every((p) => p >= 1n));
    assert.ok(powers.reduce((a, b) => a + b, 0n) <= MAX_TOTAL_VOTING_POWER);
  });
});
