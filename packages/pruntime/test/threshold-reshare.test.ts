// Resharing inside real pRuntimes (issue 13): a devnet-like chain whose three gatekeepers hold a
// whole MasterKey moves it to 2-of-3 shares once — same MasterPubkey, so a worker provisioned
// afterwards still gets the contract keys made under the whole key — and then the group follows a
// change of committee (a fourth gatekeeper, 3 of 4) by resharing its shares. No whole key is left.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2_256, cryptoReady, equalBytes, threshold, utf8 } from '@phalanx/crypto';
import { Registry, type RuntimeCall, Threshold } from '@phalanx/runtime';
import { unsealCheckpoint } from '../src/index.js';
import { call } from './ecall-helpers.js';
import { DOUBLING_CODE, infoOf, type NetworkNode, runContract, ThresholdNetwork } from './threshold-network.js';

before(async () => {
  await cryptoReady();
});

const CLUSTER = blake2_256(utf8('reshare-cluster'));
const setParams = (t: number, n: number): RuntimeCall => ({
  tag: 'Threshold',
  value: { tag: 'setParams', value: { params: { t, n, phaseBlocks: 5, refreshPeriod: 0 } } },
});

async function sealedOf(node: NetworkNode) {
  const sealed = await call(node.pruntime, { tag: 'Checkpoint', value: null });
  assert.ok(sealed.tag === 'Sealed');
  return unsealCheckpoint({ sealingKey: await node.tee.sealingKey(), measurement: await node.tee.measurement() }, sealed.value);
}

describe('resharing the MasterKey in pRuntimes', { timeout: 600_000 }, () => {
  let net: ThresholdNetwork;
  let gatekeepers: NetworkNode[];
  let workers: NetworkNode[];
  let contractA: Uint8Array;
  const identity = async (node: NetworkNode) => (await infoOf(node)).info.identityPubkey;
  const registerGatekeeper = async (node: NetworkNode) =>
    net.sudo({ tag: 'Registry', value: { tag: 'registerGatekeeper', value: { identity: await identity(node) } } });
  const registered = async () => {
    for (const node of net.nodes.values()) if ((await infoOf(node)).registered === undefined) return false;
    return true;
  };

  before(async () => {
    net = new ThresholdNetwork({});
    gatekeepers = [await net.add('gk1'), await net.add('gk2'), await net.add('gk3')];
    workers = [await net.add('w1'), await net.add('w2')];
    await net.until('every pRuntime registered', registered);
    for (const gk of gatekeepers) await registerGatekeeper(gk);
    net.sudo({
      tag: 'Phat',
      value: { tag: 'createCluster', value: { clusterId: CLUSTER, workers: [await identity(workers[0] as NetworkNode)] } },
    });
    net.submit(net.alice, { tag: 'Phat', value: { tag: 'uploadCode', value: { code: DOUBLING_CODE } } });
    await net.until('every gatekeeper holds the whole MasterKey', async () => {
      for (const gk of gatekeepers) if ((await infoOf(gk)).masterPubkey === undefined) return false;
      return true;
    });
    contractA = await runContract(net, CLUSTER, DOUBLING_CODE, 'made-under-the-whole-key', 3, [workers[0] as NetworkNode]);
  });

  it('a whole MasterKey moves to shares once: same MasterPubkey, no whole key left, old contracts keep their keys', async () => {
    const master = Registry.MasterPubkey.get(net.state) as Uint8Array;
    net.sudo(setParams(2, 3));
    await net.until('the resharing to complete', () => Threshold.Group.get(net.state) !== undefined);
    const group = Threshold.Group.get(net.state) as NonNullable<ReturnType<typeof Threshold.Group.get>>;
    assert.equal(Threshold.Session.get(net.state)?.source.tag, 'Whole');
    assert.deepEqual(group.group.commitments[0], master, 'the MasterPubkey did not change');
    assert.deepEqual(Registry.MasterPubkey.get(net.state), master);
    await net.block(); // the holders see the group and forget the whole key
    for (const gk of gatekeepers) {
      const body = await sealedOf(gk);
      assert.equal(body.masterSecret, undefined, `${gk.name} sealed no whole key`);
      assert.ok(body.thresholdShare !== undefined && threshold.shareMatchesGroup(group.group, body.thresholdShare.share));
      assert.equal((await infoOf(gk)).masterPubkey, undefined);
    }
    // A worker added now gets contract A's key from t answers: the shares give the seed the whole key gave.
    const w2 = workers[1] as NetworkNode;
    net.sudo({ tag: 'Phat', value: { tag: 'addWorkerToCluster', value: { clusterId: CLUSTER, worker: await identity(w2) } } });
    await net.until('the new worker runs the old contract', async () =>
      (await infoOf(w2)).contracts.some((c) => equalBytes(c, contractA)),
    );
    await runContract(net, CLUSTER, DOUBLING_CODE, 'made-under-shares', 7, workers);
  });

  it('the group follows a new committee: a fourth gatekeeper and 3 of 4, by resharing the shares', async () => {
    const before = Threshold.Group.get(net.state) as NonNullable<ReturnType<typeof Threshold.Group.get>>;
    const gk4 = await net.add('gk4');
    await net.until('gk4 registered', registered);
    await registerGatekeeper(gk4);
    net.sudo(setParams(3, 4));
    await net.until(
      'the resharing to the new committee',
      () => (Threshold.Group.get(net.state)?.session ?? 0) !== before.session,
    );
    const after = Threshold.Group.get(net.state) as typeof before;
    assert.equal(Threshold.Session.get(net.state)?.source.tag, 'Group');
    assert.deepEqual([after.group.t, after.group.n, after.members.length], [3, 4, 4]);
    assert.deepEqual(after.group.commitments[0], before.group.commitments[0]);
    assert.equal(after.group.epoch, before.group.epoch + 1);
    await net.block();
    for (const gk of [...gatekeepers, gk4]) {
      const held = (await sealedOf(gk)).thresholdShare;
      assert.ok(held !== undefined && threshold.shareMatchesGroup(after.group, held.share), `${gk.name} holds a new share`);
    }
    await runContract(net, CLUSTER, DOUBLING_CODE, 'made-by-four', 11, workers);
  });
});
