// StakePool: the root call setParams, the genesis parameters and total issuance, and the SCALE
// indexes of the pallet's calls and events (appended as variant 7).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import {
  Balances,
  buildGenesisState,
  devGenesisConfig,
  RuntimeCall,
  RuntimeEvent,
  STAKE_POOL_LIMITS,
  StakePool,
} from '../src/index.js';
import { dev, eventsOf, expectFailure, expectSudoFailure, GENESIS_TIME, root } from './pallet-helpers.js';
import { checkConservation, pool, poolChain } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const fakeKey = (i: number) => new Uint8Array(32).fill(i + 1);

describe('StakePool.setParams and genesis', () => {
  test('root sets the parameters; signed callers and a cooldown above the cap are refused', () => {
    const chain = poolChain();
    const events = root(chain, pool.setParams(5n, 42));
    assert.deepEqual(eventsOf(events, 'StakePool', 'ParamsSet'), [{ minWorkerStake: 5n, withdrawCooldown: 42 }]);
    assert.equal(StakePool.MinWorkerStake.get(chain.state), 5n);
    assert.equal(StakePool.WithdrawCooldown.get(chain.state), 42);
    expectFailure(chain, dev.bob, pool.setParams(0n, 1), 'System', 'BadOrigin');
    expectSudoFailure(chain, pool.setParams(0n, STAKE_POOL_LIMITS.maxWithdrawCooldown + 1), 'StakePool', 'InvalidParams');
  });

  test('genesis writes the parameters and the total issuance, and refuses bad parameters', () => {
    const config = devGenesisConfig(GENESIS_TIME);
    const state = buildGenesisState(config);
    assert.equal(StakePool.MinWorkerStake.get(state), 0n, 'the dev chain needs no stake');
    assert.equal(StakePool.WithdrawCooldown.get(state), 10);
    assert.equal(
      Balances.TotalIssuance.get(state),
      config.balances.reduce((sum, [, free]) => sum + free, 0n),
    );
    checkConservation(state);
    const bad = [
      { minWorkerStake: -1n, withdrawCooldown: 1 },
      { minWorkerStake: 1n << 128n, withdrawCooldown: 1 },
      { minWorkerStake: 0n, withdrawCooldown: -1 },
      { minWorkerStake: 0n, withdrawCooldown: 1.5 },
      { minWorkerStake: 0n, withdrawCooldown: STAKE_POOL_LIMITS.maxWithdrawCooldown + 1 },
      { minWorkerStake: 0, withdrawCooldown: 1 },
    ];
    for (const stakePool of bad) {
      assert.throws(
        () => buildGenesisState({ ...config, stakePool: stakePool as never }),
        (error: Error & { code?: string }) => error.code === 'INVALID_INPUT',
      );
    }
  });
});

describe('StakePool: SCALE encodings', () => {
  test('calls are RuntimeCall variant 7 (appended after Consensus = 6), in declaration order', () => {
    const all = [
      pool.create(1, 2n),
      pool.setCommission(1, 2),
      pool.setCapacity(1, undefined),
      pool.addWorker(1, fakeKey(1)),
      pool.removeWorker(1, fakeKey(1)),
      pool.contribute(1, 2n),
      pool.startWorker(1, fakeKey(1), 2n),
      pool.stopWorker(1, fakeKey(1)),
      pool.withdraw(1, 2n),
      pool.setParams(1n, 2),
    ];
    all.forEach((c, i) => {
      const bytes = encode(RuntimeCall, c);
      assert.deepEqual([bytes[0], bytes[1]], [7, i]);
      assert.deepEqual(decode(RuntimeCall, bytes), c);
    });
  });

  test('events are RuntimeEvent variant 7', () => {
    const event: RuntimeEvent = {
      tag: 'StakePool',
      value: { tag: 'Withdrawn', value: { pid: 3, who: fakeKey(2), shares: 5n, amount: 7n } },
    };
    const bytes = encode(RuntimeEvent, event);
    assert.deepEqual([bytes[0], bytes[1]], [7, 7]);
    assert.deepEqual(decode(RuntimeEvent, bytes), event);
  });
});
