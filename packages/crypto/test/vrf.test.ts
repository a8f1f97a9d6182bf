// The schnorrkel VRF wrapper: a VRF verifies under its key, context and input only; the
// pre-output is unique (two signatures of one input share it, proofs differ) and pinned; anything
// malformed is invalid rather than a crash; contexts outside DOMAIN and oversized inputs refused.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as c from '../src/index.js';
import vector from './vectors/vrf.json' with { type: 'json' };

before(() => c.cryptoReady());

const BEACON = c.DOMAIN.vrfBeacon;
const pair = (fill: number) => c.sr25519PairFromSeed(new Uint8Array(32).fill(fill));

describe('VRF (schnorrkel, sr25519)', () => {
  it('verifies under the signing key, context and input only', () => {
    const alice = pair(1);
    const input = c.utf8('height 7');
    const vrf = c.vrfSign(alice, BEACON, input);
    assert.equal(vrf.length, c.VRF_LENGTH);
    assert.equal(c.vrfVerify(alice.publicKey, BEACON, input, vrf), true);
    assert.equal(c.vrfVerify(pair(2).publicKey, BEACON, input, vrf), false, 'another key');
    assert.equal(c.vrfVerify(alice.publicKey, BEACON, c.utf8('height 8'), vrf), false, 'another input');
  });

  it('has one pre-output per key and input; the proof is randomised', () => {
    const alice = pair(1);
    const input = c.utf8('same');
    const [a, b] = [c.vrfSign(alice, BEACON, input), c.vrfSign(alice, BEACON, input)] as [Uint8Array, Uint8Array];
    assert.deepEqual(c.vrfPreOutput(a), c.vrfPreOutput(b));
    assert.notDeepEqual(a, b);
    assert.notDeepEqual(c.vrfPreOutput(a), c.vrfPreOutput(c.vrfSign(pair(2), BEACON, input)));
  });

  it('matches the pinned pre-output', () => {
    const signer = c.sr25519PairFromSeed(c.fromHex(vector.seed));
    const vrf = c.vrfSign(signer, BEACON, c.fromHex(vector.input));
    assert.equal(vector.context, BEACON);
    assert.equal(c.toHex(c.vrfPreOutput(vrf)), vector.preOutput);
    assert.equal(c.vrfVerify(signer.publicKey, BEACON, c.fromHex(vector.input), c.fromHex(vector.vrf)), true);
  });

  it('rejects any change of the pre-output or the proof', () => {
    const alice = pair(3);
    const input = c.utf8('tamper');
    const vrf = c.vrfSign(alice, BEACON, input);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: c.VRF_LENGTH - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const bad = vrf.slice();
        bad[index] = (bad[index] as number) ^ flip;
        return !c.vrfVerify(alice.publicKey, BEACON, input, bad);
      }),
      { numRuns: 64 },
    );
  });

  it('treats malformed input as invalid, never crashing', () => {
    const alice = pair(4);
    const input = c.utf8('x');
    const vrf = c.vrfSign(alice, BEACON, input);
    assert.equal(c.vrfVerify(alice.publicKey, BEACON, input, vrf.slice(0, 50)), false, 'short');
    assert.equal(c.vrfVerify(alice.publicKey, BEACON, input, new Uint8Array(97)), false, 'long');
    assert.equal(c.vrfVerify(new Uint8Array(32).fill(0xff), BEACON, input, vrf), false, 'not a point');
    assert.equal(c.vrfVerify(alice.publicKey.slice(0, 31), BEACON, input, vrf), false, 'short key');
    assert.equal(c.vrfVerify(alice.publicKey, BEACON, input, new Uint8Array(96)), false, 'zeros');
    assert.equal(c.vrfVerify(alice.publicKey, BEACON, input, vrf), true, 'the backend still works');
  });

  it('tells a usable sr25519 public key', () => {
    assert.equal(c.isSr25519PublicKey(pair(6).publicKey), true);
    assert.equal(c.isSr25519PublicKey(new Uint8Array(32)), false, 'the identity');
    assert.equal(c.isSr25519PublicKey(new Uint8Array(32).fill(0xff)), false, 'not an encoding');
    assert.equal(c.isSr25519PublicKey(pair(6).publicKey.slice(1)), false, 'short');
  });

  it('refuses an unknown context, an oversized input and a bad secret', () => {
    const alice = pair(5);
    const input = c.utf8('x');
    assert.throws(() => c.vrfSign(alice, 'phalanx/other/v1' as c.VrfContext, input), { code: 'INVALID_INPUT' });
    assert.throws(() => c.vrfVerify(alice.publicKey, 'substrate' as c.VrfContext, input, new Uint8Array(96)), {
      code: 'INVALID_INPUT',
    });
    assert.throws(() => c.vrfSign(alice, BEACON, new Uint8Array(c.MAX_VRF_INPUT + 1)), { code: 'INVALID_INPUT' });
    assert.equal(c.vrfVerify(alice.publicKey, BEACON, new Uint8Array(c.MAX_VRF_INPUT + 1), new Uint8Array(96)), false);
    assert.throws(() => c.vrfSign({ ...alice, secretKey: new Uint8Array(32) }, BEACON, input), { code: 'INVALID_INPUT' });
    assert.throws(() => c.vrfPreOutput(new Uint8Array(10)), { code: 'INVALID_INPUT' });
  });
});
