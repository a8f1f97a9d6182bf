// The SDK's staking helpers: the call builders encode as the runtime's calls, and the read helpers
// decode a chain's staking state (a fake client serving storage from a runtime state).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, devKeypair, Ed25519Keypair, utf8 } from '@phalanx/crypto';
import { BlockExecutor, buildGenesisState, devGenesisConfig, type MapState, RuntimeCall, UNIT } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import type { PhalanxClient } from '../src/client.js';
import { currentEra, electedValidators, stakingCalls, stakingCandidates, stakingLedger } from '../src/staking.js';

before(async () => {
  await cryptoReady();
});

const fakeClient = (state: MapState) => ({ storage: async (key: Uint8Array) => state.get(key) }) as unknown as PhalanxClient;

describe('sdk staking', () => {
  test('call builders round-trip through the RuntimeCall codec', () => {
    const key = Ed25519Keypair.fromSeed(blake2_256(utf8('sdk-staking'))).publicKey;
    for (const c of [
      stakingCalls.bond(5n),
      stakingCalls.unbond(1n),
      stakingCalls.withdrawUnbonded(),
      stakingCalls.validate(key, 10),
      stakingCalls.nominate([devKeypair('Bob').publicKey]),
      stakingCalls.chill(),
    ]) {
      assert.deepEqual(decode(RuntimeCall, encode(RuntimeCall, c)), c);
    }
  });

  test('read helpers: ledger, candidates, era and the elected validators with exposures', async () => {
    const [alice, bob, charlie] = [devKeypair('Alice'), devKeypair('Bob'), devKeypair('Charlie')].map((k) => k.publicKey) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const key = Ed25519Keypair.fromSeed(blake2_256(utf8('sdk-staking-v'))).publicKey;
    const state = buildGenesisState({
      ...devGenesisConfig(),
      validators: [{ consensusKey: key, power: 1n, operator: bob }],
      staking: {
        params: { validatorCount: 1, eraLength: 3, minValidatorBond: UNIT, powerUnit: UNIT },
        bonds: [
          { account: bob, value: 100n * UNIT },
          { account: charlie, value: 50n * UNIT },
        ],
        validators: [{ account: bob, consensusKey: key, commission: 1000 }],
        nominators: [{ account: charlie, targets: [bob] }],
      },
    });
    for (let n = 1; n <= 3; n++) {
      const executor = new BlockExecutor(
        state,
        { number: n, timestamp: 1_700_000_000_000n + BigInt(n) * 6000n, author: alice, parentHash: new Uint8Array(32) },
        new Uint8Array(64),
      );
      state.apply(executor.finalize().changes);
    }
    const client = fakeClient(state);
    const bobs = await stakingLedger(client, bob);
    assert.equal(bobs.ledger?.active, 100n * UNIT);
    assert.deepEqual(bobs.validator, { consensusKey: key, commission: 1000 });
    assert.deepEqual((await stakingLedger(client, charlie)).nominations, [bob]);
    assert.equal((await stakingLedger(client, alice)).ledger, undefined);
    const era = await currentEra(client);
    assert.deepEqual([era.era, era.start, era.nextBoundary], [1, 3, 6]);
    const candidates = await stakingCandidates(client);
    assert.deepEqual(
      candidates.validators.map((v) => [v.who, v.active]),
      [[bob, 100n * UNIT]],
    );
    const elected = await electedValidators(client);
    assert.equal(elected.length, 1);
    assert.deepEqual(elected[0]?.exposure, { total: 150n * UNIT, own: 100n * UNIT, others: [[charlie, 50n * UNIT]] });
  });
});
