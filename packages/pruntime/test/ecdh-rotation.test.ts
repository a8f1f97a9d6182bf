// EcdhKey rotation (issue 13 item 5): a pRuntime replaces its EcdhKey on the chain's interval,
// signed by its IdentityKey; a query sealed to the old key while the rotation lands is still
// answered in the grace window, one sealed to the old key after the window is refused, and the
// chain (where clients read the key) lists the new one. The old key is gone from the checkpoint.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, equalBytes, generateKeypair, keypairFromUri, randomBytes, type Sr25519Keypair } from '@phalanx/crypto';
import { openQueryResponse, sealQuery } from '@phalanx/primitives';
import { Mq, Registry } from '@phalanx/runtime';
import { unsealCheckpoint } from '../src/index.js';
import { call } from './ecall-helpers.js';
import { infoOf, type NetworkNode, ThresholdNetwork } from './threshold-network.js';

before(async () => {
  await cryptoReady();
});

describe('EcdhKey rotation', { timeout: 120_000 }, () => {
  let net: ThresholdNetwork;
  let worker: NetworkNode;
  let identity: Uint8Array;
  const caller = () => keypairFromUri('//Charlie');
  const listed = () => Registry.Workers.get(net.state, identity)?.info.ecdhPubkey as Uint8Array;
  /** A ping sealed to `ecdh` now, and how to read its answer. */
  const ping = (ecdh: Uint8Array) => {
    const session = generateKeypair('sr25519') as Sr25519Keypair;
    const chainId = Mq.ChainId.get(net.state) as Uint8Array;
    const timestamp = net.timestamp;
    const envelope = sealQuery(caller(), session, chainId, ecdh, {
      nonce: randomBytes(16),
      timestamp,
      target: { tag: 'Worker', value: null },
      method: 'ping',
      args: new Uint8Array(),
    });
    return {
      send: async () => {
        const answer = await call(worker.pruntime, { tag: 'Query', value: envelope });
        if (answer.tag === 'Error') return answer.value.code;
        assert.ok(answer.tag === 'QueryAnswer');
        return openQueryResponse(session, answer.value).ok ? 'ok' : 'refused';
      },
    };
  };

  before(async () => {
    net = new ThresholdNetwork({});
    worker = await net.add('w1');
    await net.until('registered', async () => (await infoOf(worker)).registered !== undefined);
    identity = (await infoOf(worker)).info.identityPubkey;
    net.sudo({ tag: 'Registry', value: { tag: 'setEcdhRotation', value: { settings: { interval: 6, grace: 4 } } } });
    await net.block();
  });

  it('a query in flight across the rotation is answered; after the grace window the old key is refused', async () => {
    const first = listed();
    // Just before each block, a query sealed to the key the chain lists; one of them crosses the rotation.
    let crossing: ReturnType<typeof ping> | undefined;
    for (let i = 0; i < 20 && equalBytes(listed(), first); i++) {
      crossing = ping(first);
      await net.block();
    }
    assert.ok(!equalBytes(listed(), first), 'the chain lists a new EcdhKey');
    const rotated = listed();
    assert.equal(await crossing?.send(), 'ok', 'sealed to the old key while it rotated: answered in the grace window');
    assert.equal(await ping(rotated).send(), 'ok', 'the new key, as clients now read it from the chain');
    assert.deepEqual((await infoOf(worker)).info.ecdhPubkey, rotated, 'the pRuntime reports its new key');
    const until = Registry.PreviousEcdh.get(net.state, identity)?.until as number;
    while (net.number <= until) await net.block();
    assert.ok(equalBytes(listed(), rotated), 'no second rotation yet (interval 6 > grace 4)');
    assert.equal(await ping(first).send(), 'DECRYPTION_FAILED', 'after the window the old key opens nothing');
    const sealed = await call(worker.pruntime, { tag: 'Checkpoint', value: null });
    assert.ok(sealed.tag === 'Sealed');
    const body = unsealCheckpoint(
      { sealingKey: await worker.tee.sealingKey(), measurement: await worker.tee.measurement() },
      sealed.value,
    );
    assert.equal(body.previousEcdh, undefined, 'the old secret is not sealed any more');
  });
});
