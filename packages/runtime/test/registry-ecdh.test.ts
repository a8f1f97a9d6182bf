// Registry.rotateEcdhKey: only the worker's IdentityKey moves its EcdhKey, only from its current
// key (no replay), never to the same key; the old key is kept for the grace window; root sets the
// interval and window within bounds. Each refusal is a typed error and writes nothing.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { Registry, type RuntimeCall, type SignedEcdhRotation, signEcdhRotation } from '../src/index.js';
import { dev, expectFailure, expectOk, expectSudoFailure, kp, registerWorker, root, TestChain } from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const rotate = (signed: SignedEcdhRotation): RuntimeCall => ({
  tag: 'Registry',
  value: { tag: 'rotateEcdhKey', value: { signed } },
});

describe('Registry: EcdhKey rotation', () => {
  it('records the new key signed by the IdentityKey and keeps the old one for the grace window', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'rot');
    const fresh = kp('//rot/ecdh-2').publicKey;
    const rotation = { worker: w.identity.publicKey, previous: w.ecdh.publicKey, ecdhPubkey: fresh };
    const signed = signEcdhRotation(w.identity, rotation, chain.chainId);
    expectOk(chain.submit(dev.eve, rotate(signed)));
    assert.deepEqual(Registry.Workers.get(chain.state, w.identity.publicKey)?.info.ecdhPubkey, fresh);
    const previous = Registry.PreviousEcdh.get(chain.state, w.identity.publicKey);
    assert.deepEqual(previous?.key, w.ecdh.publicKey);
    assert.equal(previous?.until, chain.number + 100, 'the default grace window');
    assert.equal(Registry.EcdhSince.get(chain.state, w.identity.publicKey), chain.number);
    // The same signed rotation again replaces a key that is no longer current: refused (no replay).
    expectFailure(chain, dev.eve, rotate(signed), 'Registry', 'StaleRotation');
  });

  it('refuses a forged signature, the same key, and an unknown worker', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'rot2');
    const rotation = { worker: w.identity.publicKey, previous: w.ecdh.publicKey, ecdhPubkey: kp('//rot2/new').publicKey };
    expectFailure(chain, dev.eve, rotate(signEcdhRotation(kp('//mallory'), rotation, chain.chainId)), 'Registry', 'BadSignature');
    expectFailure(chain, dev.eve, rotate(signEcdhRotation(w.identity, rotation, new Uint8Array(32))), 'Registry', 'BadSignature');
    const same = { ...rotation, ecdhPubkey: w.ecdh.publicKey };
    expectFailure(chain, dev.eve, rotate(signEcdhRotation(w.identity, same, chain.chainId)), 'Registry', 'SameKey');
    const stranger = kp('//stranger');
    const unknown = { worker: stranger.publicKey, previous: w.ecdh.publicKey, ecdhPubkey: rotation.ecdhPubkey };
    expectFailure(chain, dev.eve, rotate(signEcdhRotation(stranger, unknown, chain.chainId)), 'Registry', 'UnknownWorker');
    assert.deepEqual(Registry.Workers.get(chain.state, w.identity.publicKey)?.info.ecdhPubkey, w.ecdh.publicKey, 'unchanged');
    assert.equal(Registry.PreviousEcdh.get(chain.state, w.identity.publicKey), undefined);
  });

  it('root sets the interval and grace within bounds', () => {
    const chain = new TestChain();
    const set = (interval: number, grace: number): RuntimeCall => ({
      tag: 'Registry',
      value: { tag: 'setEcdhRotation', value: { settings: { interval, grace } } },
    });
    root(chain, set(600, 20));
    assert.deepEqual(Registry.EcdhRotation.get(chain.state), { interval: 600, grace: 20 });
    expectSudoFailure(chain, set(10, 20), 'Registry', 'InvalidSettings');
    expectSudoFailure(chain, set(0, 0), 'Registry', 'InvalidSettings');
    expectFailure(chain, dev.bob, set(600, 20), 'System', 'BadOrigin');
  });
});
