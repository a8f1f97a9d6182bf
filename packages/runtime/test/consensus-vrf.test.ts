// Validators' VRF keys and the randomness beacon: genesis and consensus.setVrfKey register keys
// (refusing bad ones and non-validators), a change keeps the key the block's votes were extended
// with for the next block's check, removal drops the key; beaconValue accepts valid outputs backed
// by > 2/3 of the power and refuses forged, unsorted, unknown, duplicate or too few; keyless sets
// fall back to the seal; the block executor mixes the beacon into System.Randomness.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, DOMAIN, type Sr25519Pair, sr25519PairFromSeed, utf8, vrfSign } from '@phalanx/crypto';
import {
  BlockExecutor,
  beaconInput,
  beaconValue,
  buildGenesisState,
  Consensus,
  extensionKeyOf,
  type LastVote,
  type RuntimeCall,
  System,
  type VrfBeacon,
  type VrfVote,
  vrfKeyOf,
} from '../src/index.js';
import { addressOf, setValidator, validators, vkey, withValidators } from './consensus-setup.js';
import { dev, eventsOf, expectSudoFailure, GENESIS_TIME, root, TestChain } from './pallet-helpers.js';

let vrf: Sr25519Pair[] = [];
before(async () => {
  await cryptoReady();
  vrf = [0, 1, 2, 3, 4].map((i) => sr25519PairFromSeed(new Uint8Array(32).fill(i + 1)));
});
const pairOf = (i: number) => vrf[i] as Sr25519Pair;

/** Validators 0–3 of power 10; 0–2 hold VRF keys, 3 has none. */
function chain(): TestChain {
  const list = validators(4).map((v, i) => (i < 3 ? { ...v, vrfKey: pairOf(i).publicKey } : v));
  return new TestChain(withValidators(list));
}
const setVrfKey = (consensusKey: Uint8Array, vrfKey: Uint8Array | undefined): RuntimeCall => ({
  tag: 'Consensus',
  value: { tag: 'setVrfKey', value: { consensusKey, vrfKey } },
});
const votes = (signed: readonly number[]): LastVote[] =>
  [0, 1, 2, 3].map((i) => ({ address: addressOf(i), power: 10n, signed: signed.includes(i) }));
/** Validator i's VRF for the votes block `next` carries (height next − 1), over `chain`'s state. */
function output(c: TestChain, next: number, i: number, pair = pairOf(i)): VrfVote {
  const input = beaconInput(next - 1, System.BlockHash.get(c.state, next - 2) as Uint8Array);
  return { address: addressOf(i), vrf: vrfSign(pair, DOMAIN.vrfBeacon, input) };
}
const sorted = (outputs: VrfVote[]) => [...outputs].sort((a, b) => Buffer.compare(a.address, b.address));

describe('consensus: VRF keys', () => {
  test('genesis registers them and refuses a bad one', () => {
    const c = chain();
    assert.deepEqual(vrfKeyOf(c.state, addressOf(0)), pairOf(0).publicKey);
    assert.equal(vrfKeyOf(c.state, addressOf(3)), undefined);
    const bad = validators(1).map((v) => ({ ...v, vrfKey: new Uint8Array(32).fill(0xff) }));
    assert.throws(() => buildGenesisState(withValidators(bad)), { code: 'INVALID_INPUT', message: /vrfKey/ });
  });

  test('setVrfKey (root): set, the key before kept for one block, removal with the validator', () => {
    const c = chain();
    const events = root(c, setVrfKey(vkey(3), pairOf(3).publicKey));
    assert.equal(eventsOf(events, 'Consensus', 'VrfKeySet').length, 1);
    assert.deepEqual(vrfKeyOf(c.state, addressOf(3)), pairOf(3).publicKey);
    assert.equal(extensionKeyOf(c.state, addressOf(3)), undefined, "this block's votes had no key");
    root(c, setVrfKey(vkey(0), pairOf(4).publicKey));
    assert.deepEqual(extensionKeyOf(c.state, addressOf(3)), pairOf(3).publicKey, 'the previous change is cleared');
    assert.deepEqual(extensionKeyOf(c.state, addressOf(0)), pairOf(0).publicKey, 'rotated: the old key for these votes');
    root(c, setValidator(vkey(1), 0n));
    assert.equal(Consensus.VrfKeys.get(c.state, vkey(1)), undefined, 'removal drops the key');
    assert.deepEqual(extensionKeyOf(c.state, addressOf(1)), pairOf(1).publicKey, 'its last votes are still checked');
    root(c, setValidator(vkey(2), 20n));
    assert.deepEqual(vrfKeyOf(c.state, addressOf(2)), pairOf(2).publicKey, 'an update keeps the key');
  });

  test('setVrfKey refuses non-validators, bad keys and signed origins', () => {
    const c = chain();
    expectSudoFailure(c, setVrfKey(vkey(9), pairOf(0).publicKey), 'Consensus', 'NotAValidator');
    expectSudoFailure(c, setVrfKey(vkey(0), new Uint8Array(32)), 'Consensus', 'InvalidVrfKey');
    const result = c.submit(dev.bob, setVrfKey(vkey(0), pairOf(4).publicKey));
    assert.equal(result.outcome.ok, false);
  });
});

describe('consensus: the VRF beacon', () => {
  test('valid outputs backed by > 2/3 give a value; subsets give others', () => {
    const c = chain();
    c.block([]);
    const all = sorted([0, 1, 2].map((i) => output(c, 2, i)));
    const value = beaconValue(c.state, 2, { votes: votes([0, 1, 2, 3]), outputs: all });
    assert.equal(value?.length, 32);
    const again = sorted([0, 1, 2].map((i) => output(c, 2, i))); // fresh proofs, same pre-outputs
    assert.deepEqual(beaconValue(c.state, 2, { votes: votes([0, 1, 2, 3]), outputs: again }), value, 'proofs do not count');
    const two = sorted([0, 1].map((i) => output(c, 2, i)));
    const subset = beaconValue(c.state, 2, { votes: votes([0, 1, 2, 3]), outputs: two }); // 20 + keyless 10 = 30 of 40
    assert.notDeepEqual(subset, value);
  });

  test('refuses forged, unsorted, unknown, duplicate, too few; block 1', () => {
    const c = chain();
    c.block([]);
    const good = sorted([0, 1, 2].map((i) => output(c, 2, i)));
    const check =
      (beacon: VrfBeacon, number = 2) =>
      () =>
        beaconValue(c.state, number, beacon);
    const v = votes([0, 1, 2, 3]);
    const forged = good.map((o, i) => (i === 0 ? { ...o, vrf: o.vrf.map((b, j) => (j === 5 ? b ^ 1 : b)) } : o));
    assert.throws(check({ votes: v, outputs: forged }), { code: 'BLOCK_INVALID', message: /does not verify/ });
    assert.throws(check({ votes: v, outputs: [...good].reverse() }), { code: 'BLOCK_INVALID', message: /ascend/ });
    const wrongKey = sorted([output(c, 2, 0, pairOf(4)), ...good.slice(1)]);
    assert.throws(check({ votes: v, outputs: wrongKey }), { code: 'BLOCK_INVALID' });
    assert.throws(check({ votes: v, outputs: sorted([...good, { ...output(c, 2, 0), address: addressOf(3) }]) }), {
      code: 'BLOCK_INVALID',
      message: /no VRF key/,
    });
    assert.throws(check({ votes: [...v, v[0] as LastVote], outputs: good }), { code: 'BLOCK_INVALID', message: /twice/ });
    const one = [output(c, 2, 0)];
    assert.throws(check({ votes: v, outputs: one }), { code: 'BLOCK_INVALID', message: /20 of 40/ });
    const two = sorted([0, 1].map((i) => output(c, 2, i)));
    assert.throws(check({ votes: votes([0, 1, 2]), outputs: two }), { code: 'BLOCK_INVALID', message: /20 of 40/ });
    assert.throws(check({ votes: v, outputs: [] }), { code: 'BLOCK_INVALID' });
    assert.throws(check({ votes: v, outputs: good }, 1), { code: 'BLOCK_INVALID' });
  });

  test('keyless validators: no value (the seal is used), and no outputs allowed', () => {
    const c = new TestChain(withValidators(validators(4)));
    c.block([]);
    assert.equal(beaconValue(c.state, 2, { votes: votes([0, 1, 2, 3]), outputs: [] }), undefined);
    assert.throws(() => beaconValue(c.state, 2, { votes: votes([0, 1, 2, 3]), outputs: [output(c, 2, 0)] }), {
      code: 'BLOCK_INVALID',
    });
  });

  test('the executor mixes the beacon into System.Randomness and refuses a bad one', () => {
    const c = chain();
    c.block([]);
    const env = (beacon: VrfBeacon) => ({
      number: 2,
      timestamp: GENESIS_TIME + 12_000n,
      author: dev.ferdie.publicKey,
      parentHash: blake2_256(utf8('parent-2')),
      beacon,
    });
    const outputs = sorted([0, 1, 2].map((i) => output(c, 2, i)));
    const withBeacon = new BlockExecutor(c.state, env({ votes: votes([0, 1, 2, 3]), outputs }), new Uint8Array(64));
    const withSeal = new BlockExecutor(
      c.state,
      { ...env({ votes: [], outputs: [] }), beacon: undefined } as never,
      new Uint8Array(64),
    );
    const previous = System.Randomness.getOr(c.state, new Uint8Array(32));
    const mixed = System.Randomness.get(withBeacon.state) as Uint8Array;
    assert.notDeepEqual(mixed, previous);
    assert.notDeepEqual(mixed, System.Randomness.get(withSeal.state));
    assert.throws(
      () => new BlockExecutor(c.state, env({ votes: votes([0, 1, 2, 3]), outputs: outputs.slice(0, 1) }), new Uint8Array(64)),
      {
        code: 'BLOCK_INVALID',
      },
    );
    const changes = withBeacon.finalize().changes;
    c.state.apply(changes);
    assert.equal(Consensus.VrfKeysBefore.get(c.state), undefined);
  });
});
