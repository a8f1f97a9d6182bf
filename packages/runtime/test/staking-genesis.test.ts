// Staking's genesis: absent, nothing is written (existing chains keep their genesis hash and
// stay without elections); present, parameters, bonds (held), candidacies and nominations are
// checked as the calls check them, each refusal an INVALID_INPUT naming the entry.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_128, cryptoReady, utf8 } from '@phalanx/crypto';
import { Balances, buildGenesisState, devGenesisConfig, Staking, UNIT } from '../src/index.js';
import { NOT_A_POINT, vkey } from './consensus-setup.js';
import { dev, GENESIS_TIME, TestChain } from './pallet-helpers.js';
import { staker, stakingConfig, TEST_PARAMS } from './staking-setup.js';

before(async () => {
  await cryptoReady();
});

describe('staking genesis', () => {
  test('without a staking section no staking key is written', () => {
    const state = buildGenesisState(devGenesisConfig(GENESIS_TIME));
    const prefix = Buffer.from(blake2_128(utf8('Staking')));
    assert.ok(![...state.entries()].some(([k]) => Buffer.from(k.subarray(0, 16)).equals(prefix)));
  });

  test('without it the staking hook writes nothing, block after block', () => {
    const chain = new TestChain(devGenesisConfig(GENESIS_TIME));
    const prefix = Buffer.from(blake2_128(utf8('Staking')));
    for (let i = 0; i < 12; i++) {
      const [result] = chain.block([
        [dev.bob, { tag: 'System', value: { tag: 'remark', value: { remark: new Uint8Array(1) } } }],
      ]);
      assert.ok(result !== undefined && !result.changes.some(([k]) => Buffer.from(k.subarray(0, 16)).equals(prefix)));
    }
  });

  test('bonds are held; candidacies and nominations are recorded', () => {
    const [a, b] = [staker(0).publicKey, staker(1).publicKey];
    const state = buildGenesisState(
      stakingConfig(TEST_PARAMS, {
        bonds: [
          { account: a, value: 100n * UNIT },
          { account: b, value: 10n * UNIT },
        ],
        validators: [{ account: a, consensusKey: vkey(1), commission: 0 }],
        nominators: [{ account: b, targets: [a] }],
      }),
    );
    assert.equal(Balances.Held.get(state, a), 100n * UNIT);
    assert.deepEqual(Staking.ValidatorList.get(state), [a]);
    assert.deepEqual(Staking.Nominators.get(state, b)?.targets, [a]);
    assert.deepEqual(Staking.ManagedKeys.get(state), [vkey(0)]);
  });

  test('refusals name the entry', () => {
    const a = staker(0).publicKey;
    const cases: [string, Parameters<typeof stakingConfig>, RegExp][] = [
      ['params', [{ ...TEST_PARAMS, powerUnit: 0n }], /powerUnit/],
      ['bond over balance', [TEST_PARAMS, { bonds: [{ account: a, value: 10n ** 30n }] }], /bonds\[0\]/],
      [
        'validator without bond',
        [TEST_PARAMS, { validators: [{ account: a, consensusKey: vkey(1), commission: 0 }] }],
        /validators\[0\]/,
      ],
      [
        'bad key',
        [
          TEST_PARAMS,
          { bonds: [{ account: a, value: 100n * UNIT }], validators: [{ account: a, consensusKey: NOT_A_POINT, commission: 0 }] },
        ],
        /validators\[0\].*ed25519/,
      ],
      [
        'nominating a non-candidate',
        [TEST_PARAMS, { bonds: [{ account: a, value: 100n * UNIT }], nominators: [{ account: a, targets: [a] }] }],
        /nominators\[0\]/,
      ],
    ];
    for (const [what, args, message] of cases) {
      assert.throws(
        () => buildGenesisState(stakingConfig(...args)),
        (e: unknown) => (e as { code?: string }).code === 'INVALID_INPUT' && message.test((e as Error).message),
        what,
      );
    }
  });
});
