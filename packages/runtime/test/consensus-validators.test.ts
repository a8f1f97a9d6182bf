// Consensus pallet, the CometBFT validator set: genesis validation (every refusal), set_validator
// through sudo (add, update, remove; every refusal; root only), and the per-block
// ValidatorUpdates the node hands to CometBFT (cleared next block, one entry per key).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import {
  buildGenesisState,
  Consensus,
  devGenesisConfig,
  type GenesisValidator,
  MAX_TOTAL_VOTING_POWER,
  MAX_VALIDATORS,
  validatorUpdatesOf,
} from '../src/index.js';
import {
  addressOf,
  genesisWith,
  NOT_A_POINT,
  SMALL_ORDER,
  setValidator,
  validatorOf,
  validators,
  vkey,
  withValidators,
} from './consensus-setup.js';
import { snapshot } from './helpers.js';
import { dev, eventsOf, expectFailure, expectSudoFailure, GENESIS_TIME, root, TestChain } from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const bob = () => dev.bob.publicKey;
/** A valid genesis validator, to spoil one field of. */
const one = () => ({ consensusKey: vkey(0), power: 10n, operator: bob() });
const hexOf = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString('hex'));

describe('Consensus genesis: the validator set', () => {
  test('writes Validators, ValidatorByAddress (sha256(key)[..20]), ValidatorCount and TotalPower; no updates', () => {
    const state = genesisWith([...validators(2, 10n), { consensusKey: vkey(2), power: 5n, operator: dev.charlie.publicKey }]);
    assert.deepEqual(validatorOf(state, vkey(2)), { power: 5n, operator: dev.charlie.publicKey });
    for (const i of [0, 1, 2]) {
      const address = createHash('sha256').update(vkey(i)).digest().subarray(0, 20);
      assert.equal(hexOf(addressOf(i)), address.toString('hex'));
      assert.equal(hexOf(Consensus.ValidatorByAddress.get(state, address)), hexOf(vkey(i)));
    }
    assert.equal(Consensus.ValidatorCount.get(state), 3);
    assert.equal(Consensus.TotalPower.get(state), 25n);
    assert.deepEqual(validatorUpdatesOf(state), []);
  });

  test('the dev genesis is unchanged: no validators, and validators: [] builds the same state', () => {
    const dev = buildGenesisState(devGenesisConfig(GENESIS_TIME));
    assert.equal(Consensus.ValidatorCount.get(dev), undefined);
    assert.deepEqual(snapshot(genesisWith([])), snapshot(dev));
  });

  test('a chain of validators needs no authority; a chain with neither is refused', () => {
    const state = buildGenesisState({ ...withValidators(validators(1)), authorities: [] });
    assert.equal(Consensus.ValidatorCount.get(state), 1);
    assert.throws(
      () => buildGenesisState({ ...devGenesisConfig(GENESIS_TIME), authorities: [] }),
      /at least one authority or one validator/,
    );
  });

  const refusals: Array<[string, () => unknown, RegExp]> = [
    ['a 31-byte key', () => genesisWith([{ ...one(), consensusKey: vkey(0).subarray(1) }]), /consensusKey must be 32 bytes/],
    ['a key with no curve point', () => genesisWith([{ ...one(), consensusKey: NOT_A_POINT }]), /not a valid ed25519/],
    ['a small-order key', () => genesisWith([{ ...one(), consensusKey: SMALL_ORDER }]), /not a valid ed25519/],
    ['power 0', () => genesisWith(validators(1, 0n)), /power must be a bigint in \[1, /],
    ['power above the cap', () => genesisWith(validators(1, MAX_TOTAL_VOTING_POWER + 1n)), /power must be a bigint/],
    ['a power that is a number', () => genesisWith([{ ...one(), power: 10 as unknown as bigint }]), /power must be/],
    ['a 31-byte operator', () => genesisWith([{ ...one(), operator: new Uint8Array(31) }]), /operator must be 32/],
    ['validators that are no array', () => genesisWith({} as GenesisValidator[]), /validators must be an array/],
    [
      'a validator that is no object',
      () => genesisWith([null as unknown as GenesisValidator]),
      /validators\[0\] must be an object/,
    ],
    ['a key listed twice', () => genesisWith([...validators(2), one()]), /validators\[2\].consensusKey is listed twice/],
    [`more than ${MAX_VALIDATORS} validators`, () => genesisWith(validators(MAX_VALIDATORS + 1)), /more than 100/],
    ['a total power above 2^60 - 1', () => genesisWith(validators(2, MAX_TOTAL_VOTING_POWER / 2n + 1n)), /total power exceeds/],
  ];
  for (const [what, build, message] of refusals) {
    test(`refuses ${what}`, () => {
      assert.throws(build, (error: unknown) => error instanceof Error && 'code' in error && error.code === 'INVALID_INPUT');
      assert.throws(build, message);
    });
  }

  test(`accepts exactly ${MAX_VALIDATORS} validators and a total power of exactly 2^60 - 1`, () => {
    assert.equal(Consensus.ValidatorCount.get(genesisWith(validators(MAX_VALIDATORS))), MAX_VALIDATORS);
    const half = MAX_TOTAL_VOTING_POWER / 2n;
    const full = genesisWith([
      ...validators(1, half),
      { consensusKey: vkey(1), power: MAX_TOTAL_VOTING_POWER - half, operator: bob() },
    ]);
    assert.equal(Consensus.TotalPower.get(full), MAX_TOTAL_VOTING_POWER);
  });
});

describe('Consensus.set_validator', () => {
  test('adds a validator: storage, count, total, the update and ValidatorSet', () => {
    const chain = new TestChain(withValidators(validators(1)));
    const events = root(chain, setValidator(vkey(5), 7n, dev.charlie.publicKey));
    assert.deepEqual(eventsOf(events, 'Consensus', 'ValidatorSet'), [
      { consensusKey: vkey(5), power: 7n, operator: dev.charlie.publicKey },
    ]);
    assert.deepEqual(validatorOf(chain.state, vkey(5)), { power: 7n, operator: dev.charlie.publicKey });
    assert.equal(hexOf(Consensus.ValidatorByAddress.get(chain.state, addressOf(5))), hexOf(vkey(5)));
    assert.equal(Consensus.ValidatorCount.get(chain.state), 2);
    assert.equal(Consensus.TotalPower.get(chain.state), 17n);
    assert.deepEqual(validatorUpdatesOf(chain.state), [[vkey(5), 7n]]);
  });

  test('updates power and operator of a validator: count unchanged, total adjusted', () => {
    const chain = new TestChain(withValidators(validators(2)));
    root(chain, setValidator(vkey(1), 3n, dev.dave.publicKey));
    assert.deepEqual(validatorOf(chain.state, vkey(1)), { power: 3n, operator: dev.dave.publicKey });
    assert.equal(Consensus.ValidatorCount.get(chain.state), 2);
    assert.equal(Consensus.TotalPower.get(chain.state), 13n);
    assert.deepEqual(validatorUpdatesOf(chain.state), [[vkey(1), 3n]]);
  });

  test('power 0 removes a validator from both maps, with the update (key, 0)', () => {
    const chain = new TestChain(withValidators(validators(2)));
    const events = root(chain, setValidator(vkey(1), 0n));
    assert.equal(eventsOf(events, 'Consensus', 'ValidatorSet').length, 1);
    assert.equal(validatorOf(chain.state, vkey(1)), undefined);
    assert.equal(Consensus.ValidatorByAddress.get(chain.state, addressOf(1)), undefined);
    assert.equal(Consensus.ValidatorCount.get(chain.state), 1);
    assert.equal(Consensus.TotalPower.get(chain.state), 10n);
    assert.deepEqual(validatorUpdatesOf(chain.state), [[vkey(1), 0n]]);
  });

  test('refuses keys that are no prime-order ed25519 point', () => {
    const chain = new TestChain(withValidators(validators(1)));
    expectSudoFailure(chain, setValidator(NOT_A_POINT, 1n), 'Consensus', 'InvalidConsensusKey');
    expectSudoFailure(chain, setValidator(SMALL_ORDER, 1n), 'Consensus', 'InvalidConsensusKey');
  });

  test('refuses removing a non-validator and the last validator', () => {
    const chain = new TestChain(withValidators(validators(1)));
    expectSudoFailure(chain, setValidator(vkey(9), 0n), 'Consensus', 'NotAValidator');
    expectSudoFailure(chain, setValidator(vkey(0), 0n), 'Consensus', 'LastValidator');
    assert.equal(Consensus.ValidatorCount.get(chain.state), 1);
  });

  test(`refuses a validator beyond ${MAX_VALIDATORS}, but updates one of the ${MAX_VALIDATORS}`, () => {
    const chain = new TestChain(withValidators(validators(MAX_VALIDATORS)));
    expectSudoFailure(chain, setValidator(vkey(MAX_VALIDATORS), 1n), 'Consensus', 'TooManyValidators');
    root(chain, setValidator(vkey(0), 11n));
    assert.equal(Consensus.ValidatorCount.get(chain.state), MAX_VALIDATORS);
  });

  test('refuses a power or a total power above 2^60 - 1', () => {
    const chain = new TestChain(withValidators(validators(1, MAX_TOTAL_VOTING_POWER - 10n)));
    expectSudoFailure(chain, setValidator(vkey(1), MAX_TOTAL_VOTING_POWER + 1n), 'Consensus', 'PowerTooHigh');
    expectSudoFailure(chain, setValidator(vkey(1), 11n), 'Consensus', 'TotalPowerTooHigh');
    expectSudoFailure(chain, setValidator(vkey(0), MAX_TOTAL_VOTING_POWER + 1n), 'Consensus', 'PowerTooHigh');
    root(chain, setValidator(vkey(1), 10n));
    assert.equal(Consensus.TotalPower.get(chain.state), MAX_TOTAL_VOTING_POWER);
    root(chain, setValidator(vkey(0), MAX_TOTAL_VOTING_POWER - 10n - 5n)); // lowering is fine
  });

  test('refuses any origin but root (BadOrigin), nothing written', () => {
    const chain = new TestChain(withValidators(validators(1)));
    expectFailure(chain, dev.bob, setValidator(vkey(3), 5n), 'System', 'BadOrigin');
    expectFailure(chain, dev.alice, setValidator(vkey(0), 0n), 'System', 'BadOrigin');
  });
});

describe('Consensus.ValidatorUpdates', () => {
  test('are cleared when the next block initialises', () => {
    const chain = new TestChain(withValidators(validators(1)));
    root(chain, setValidator(vkey(1), 4n));
    assert.equal(validatorUpdatesOf(chain.state).length, 1);
    chain.block([]);
    assert.deepEqual(validatorUpdatesOf(chain.state), []);
    assert.equal(Consensus.ValidatorUpdates.get(chain.state), undefined, 'removed, not stored empty');
  });

  test('hold one entry per key: the latest change of the block wins, in first-change order', () => {
    const chain = new TestChain(withValidators(validators(2)));
    const sudo = (call: ReturnType<typeof setValidator>) =>
      [dev.alice, { tag: 'Sudo', value: { tag: 'sudo', value: { call } } }] as const;
    chain.block([sudo(setValidator(vkey(1), 5n)), sudo(setValidator(vkey(3), 8n)), sudo(setValidator(vkey(1), 7n))]);
    assert.deepEqual(validatorUpdatesOf(chain.state), [
      [vkey(1), 7n],
      [vkey(3), 8n],
    ]);
    // Removed and re-added within one block: CometBFT only needs the new power.
    chain.block([sudo(setValidator(vkey(0), 0n)), sudo(setValidator(vkey(0), 2n))]);
    assert.deepEqual(validatorUpdatesOf(chain.state), [[vkey(0), 2n]]);
  });

  test('a key added and removed within one block leaves no update (CometBFT refuses removing a stranger)', () => {
    const chain = new TestChain(withValidators(validators(1)));
    const sudo = (call: ReturnType<typeof setValidator>) =>
      [dev.alice, { tag: 'Sudo', value: { tag: 'sudo', value: { call } } }] as const;
    chain.block([sudo(setValidator(vkey(4), 5n)), sudo(setValidator(vkey(4), 0n)), sudo(setValidator(vkey(5), 1n))]);
    assert.deepEqual(validatorUpdatesOf(chain.state), [[vkey(5), 1n]]);
    assert.equal(validatorOf(chain.state, vkey(4)), undefined);
    // Added, removed and added again: a plain addition.
    chain.block([sudo(setValidator(vkey(6), 5n)), sudo(setValidator(vkey(6), 0n)), sudo(setValidator(vkey(6), 9n))]);
    assert.deepEqual(validatorUpdatesOf(chain.state), [[vkey(6), 9n]]);
    // Removing it in a later block is a real removal.
    root(chain, setValidator(vkey(6), 0n));
    assert.deepEqual(validatorUpdatesOf(chain.state), [[vkey(6), 0n]]);
  });
});
