// Staking under random call sequences with era changes and offences (fast-check): after every
// block total issuance = Σ free + Σ reserved + stake-pool value, every ledger adds up and is held,
// the CometBFT set is never empty, and every refusal is a typed Staking (or System) error.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import fc from 'fast-check';
import { Balances, Consensus, type RuntimeCall, Staking, UNIT } from '../src/index.js';
import { vkey } from './consensus-setup.js';
import { TestChain } from './pallet-helpers.js';
import {
  checkStakingConservation,
  duplicateVote,
  emptyBlock,
  staker,
  staking,
  stakingConfig,
  TEST_PARAMS,
} from './staking-setup.js';

before(async () => {
  await cryptoReady();
});

const STAKERS = 6;
/** Genesis: stakers 0-2 bonded and validating (keys 1-3), 3-5 bonded and nominating; the calls then perturb it. */
const genesis = () => ({
  bonds: Array.from({ length: STAKERS }, (_, i) => ({ account: staker(i).publicKey, value: BigInt(i < 3 ? 300 : 50) * UNIT })),
  validators: [0, 1, 2].map((i) => ({ account: staker(i).publicKey, consensusKey: vkey(i + 1), commission: 50_000 * i })),
  nominators: [3, 4, 5].map((i) => ({
    account: staker(i).publicKey,
    targets: [staker(i - 3).publicKey, staker((i - 2) % 3).publicKey],
  })),
});
const PARAMS = { ...TEST_PARAMS, eraLength: 4, bondingDuration: 1, offenceSlash: 200_000 };

const action = fc.oneof(
  fc.record({ kind: fc.constant('bond' as const), who: fc.nat(STAKERS - 1), amount: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('bondExtra' as const), who: fc.nat(STAKERS - 1), amount: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ kind: fc.constant('unbond' as const), who: fc.nat(STAKERS - 1), amount: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ kind: fc.constant('withdraw' as const), who: fc.nat(STAKERS - 1) }),
  fc.record({
    kind: fc.constant('validate' as const),
    who: fc.nat(STAKERS - 1),
    key: fc.nat(3),
    commission: fc.integer({ min: 0, max: 1_000_000 }),
  }),
  fc.record({
    kind: fc.constant('nominate' as const),
    who: fc.nat(STAKERS - 1),
    targets: fc.uniqueArray(fc.nat(STAKERS - 1), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('chill' as const), who: fc.nat(STAKERS - 1) }),
  fc.record({ kind: fc.constant('offence' as const), key: fc.nat(4), back: fc.nat(6) }),
  fc.record({ kind: fc.constant('idle' as const), blocks: fc.integer({ min: 1, max: 5 }) }),
);
type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

function callOf(a: Action): RuntimeCall | undefined {
  const units = (n: number) => BigInt(n) * UNIT;
  switch (a.kind) {
    case 'bond':
      return staking.bond(units(a.amount));
    case 'bondExtra':
      return staking.bondExtra(units(a.amount));
    case 'unbond':
      return staking.unbond(units(a.amount));
    case 'withdraw':
      return staking.withdrawUnbonded();
    case 'validate':
      return staking.validate(vkey(a.key + 1), a.commission);
    case 'nominate':
      return staking.nominate(a.targets.map((t) => staker(t).publicKey));
    case 'chill':
      return staking.chill();
    default:
      return undefined;
  }
}

/** How often issuance fell (a slash) and rose (a reward) over all runs: the property must meet both. */
const seen = { slashes: 0, rewards: 0 };

describe('staking: properties', () => {
  test('value is conserved and the set never empties over random calls, eras and offences', () => {
    const accounts = Array.from({ length: STAKERS }, (_, i) => staker(i).publicKey);
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 30 }), (actions) => {
        const chain = new TestChain(stakingConfig(PARAMS, genesis(), STAKERS));
        for (const a of actions) {
          const issuance = Balances.TotalIssuance.get(chain.state) as bigint;
          const call = callOf(a);
          if (call !== undefined && 'who' in a) {
            const [result] = chain.block([[staker(a.who), call]]);
            if (result !== undefined && !result.outcome.ok) {
              assert.ok(
                ['Staking', 'Balances', 'Registry'].includes(result.outcome.error.pallet),
                JSON.stringify(result.outcome.error),
              );
            }
          } else if (a.kind === 'offence') {
            emptyBlock(chain, [duplicateVote(vkey(a.key), Math.max(1, chain.number - a.back))]);
          } else if (a.kind === 'idle') {
            for (let i = 0; i < a.blocks; i++) emptyBlock(chain);
          }
          checkStakingConservation(chain.state, accounts);
          const after = Balances.TotalIssuance.get(chain.state) as bigint;
          if (after < issuance) seen.slashes++;
          if (after > issuance) seen.rewards++;
          assert.ok((Consensus.ValidatorCount.get(chain.state) ?? 0) >= 1, 'the validator set is never empty');
          assert.ok((Staking.NominatorCount.get(chain.state) ?? 0) >= 0);
        }
      }),
      { numRuns: 40 },
    );
    assert.ok(seen.slashes > 0 && seen.rewards > 0, `the runs met slashes (${seen.slashes}) and rewards (${seen.rewards})`);
  });
});
