// The threshold MasterKey end to end inside real pRuntimes (issue 13): three gatekeepers run the
// chain's DKG and seal only shares; with one of them killed, a contract is still deployed — its
// two workers combine the two remaining gatekeepers' answers into one seed, publish its keys as
// the contract, open the constructor arguments that were sealed to the MasterPubkey, and run it.
// Then the shares refresh without communication: same MasterPubkey, new shares, a leaked old share
// useless with new ones, and deployment goes on at the new epoch.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { blake2_256, cryptoReady, equalBytes, threshold, utf8 } from '@phalanx/crypto';
import { Registry, Threshold } from '@phalanx/runtime';
import { unsealCheckpoint } from '../src/index.js';
import { call } from './ecall-helpers.js';
import { type NetworkNode, runContract, ThresholdNetwork } from './threshold-network.js';

before(async () => {
  await cryptoReady();
});

const CODE = utf8('export default { init(ctx, n) { ctx.storage.set("n", n); return n * 2; }, tx: {}, query: {} };');
const CLUSTER = blake2_256(utf8('threshold-cluster'));

describe('threshold MasterKey in pRuntimes', { timeout: 300_000 }, () => {
  let net: ThresholdNetwork;
  let gatekeepers: NetworkNode[];
  let workers: NetworkNode[];
  const identityOf = async (node: NetworkNode) => {
    const info = await call(node.pruntime, { tag: 'GetInfo', value: null });
    assert.ok(info.tag === 'Info');
    return info.value;
  };

  before(async () => {
    net = new ThresholdNetwork({ t: 2, n: 3, phaseBlocks: 5, refreshPeriod: 40 });
    gatekeepers = [await net.add('gk1'), await net.add('gk2'), await net.add('gk3')];
    workers = [await net.add('w1'), await net.add('w2')];
    await net.until('every pRuntime registered', async () => {
      for (const node of net.nodes.values()) if ((await identityOf(node)).registered === undefined) return false;
      return true;
    });
    for (const gk of gatekeepers) {
      const key = (await identityOf(gk)).info.identityPubkey;
      net.sudo({ tag: 'Registry', value: { tag: 'registerGatekeeper', value: { identity: key } } });
    }
    const workerKeys = await Promise.all(workers.map(async (w) => (await identityOf(w)).info.identityPubkey));
    net.sudo({ tag: 'Phat', value: { tag: 'createCluster', value: { clusterId: CLUSTER, workers: workerKeys } } });
    await net.block();
  });

  it('the chain’s DKG gives the gatekeepers shares of a MasterPubkey nobody holds', async () => {
    await net.until('the DKG to complete', () => Threshold.Session.get(net.state)?.phase.tag === 'Completed');
    const group = Threshold.Group.get(net.state);
    assert.ok(group !== undefined);
    assert.deepEqual(Registry.MasterPubkey.get(net.state), group.group.commitments[0]);
    // Every gatekeeper's sealed state: a share that matches the group, no whole key anywhere.
    const shares: threshold.KeyShare[] = [];
    for (const gk of gatekeepers) {
      const sealed = await call(gk.pruntime, { tag: 'Checkpoint', value: null });
      assert.ok(sealed.tag === 'Sealed');
      const body = unsealCheckpoint(
        { sealingKey: await gk.tee.sealingKey(), measurement: await gk.tee.measurement() },
        sealed.value,
      );
      assert.equal(body.masterSecret, undefined, `${gk.name} holds no whole MasterKey`);
      assert.equal(body.proposedSecret, undefined);
      const held = body.thresholdShare;
      assert.ok(held !== undefined, `${gk.name} sealed its share`);
      assert.ok(threshold.shareMatchesGroup(group.group, held.share));
      const alone = ristretto255.Point.BASE.multiply(ristretto255.Point.Fn.fromBytes(held.share.secret)).toBytes();
      assert.ok(!equalBytes(alone, group.group.commitments[0] as Uint8Array), 'a share alone is not the key');
      shares.push(held.share);
      assert.equal((await identityOf(gk)).masterPubkey, undefined, 'GetInfo reports no whole key');
    }
    assert.equal(new Set(shares.map((s) => s.index)).size, 3);
    // Workers hold nothing of the MasterKey either.
    for (const w of workers) {
      const sealed = await call(w.pruntime, { tag: 'Checkpoint', value: null });
      assert.ok(sealed.tag === 'Sealed');
      const body = unsealCheckpoint(
        { sealingKey: await w.tee.sealingKey(), measurement: await w.tee.measurement() },
        sealed.value,
      );
      assert.equal(body.thresholdShare, undefined);
      assert.equal(body.masterSecret, undefined);
    }
  });

  it('with one gatekeeper killed, a contract deploys: both workers combine t answers and run its constructor', async () => {
    (gatekeepers[2] as NetworkNode).alive = false;
    net.submit(net.alice, { tag: 'Phat', value: { tag: 'uploadCode', value: { code: CODE } } });
    await net.block();
    await deployAndRun('salt-1', 21);
  });

  it('shares refresh without communication: same MasterPubkey, a leaked old share is useless, deployment goes on', async () => {
    const before = Threshold.Group.get(net.state) as NonNullable<ReturnType<typeof Threshold.Group.get>>;
    const leaked = (await sealedShareOf(gatekeepers[0] as NetworkNode)).share;
    await net.until('a refresh decided', () => (Threshold.Group.get(net.state)?.group.epoch ?? 0) > before.group.epoch, 80);
    const after = Threshold.Group.get(net.state) as typeof before;
    assert.equal(after.group.epoch, before.group.epoch + 1);
    assert.deepEqual(after.group.commitments[0], before.group.commitments[0], 'the MasterPubkey is unchanged');
    assert.deepEqual(Registry.MasterPubkey.get(net.state), before.group.commitments[0]);
    assert.notDeepEqual(after.group.commitments.slice(1), before.group.commitments.slice(1), 'verification shares moved');
    const fresh = [await sealedShareOf(gatekeepers[0] as NetworkNode), await sealedShareOf(gatekeepers[1] as NetworkNode)].map(
      (s) => s.share,
    );
    assert.equal(fresh[0]?.epoch, after.group.epoch, 'the live holders stepped; the old share is gone from their sealed state');
    assert.notDeepEqual(fresh[0]?.secret, leaked.secret);
    for (const share of fresh) assert.ok(threshold.shareMatchesGroup(after.group, share));
    // The leaked epoch-old share: its answers are refused (wrong epoch; relabelled, the proof fails),
    // and with a current share it does not interpolate to the key.
    const input = utf8('any contract input');
    const stale = threshold.oprfPartialEvaluate(leaked, input, (n) => new Uint8Array(n).fill(3));
    assert.match(threshold.oprfAnswerProblem(after.group, input, stale) ?? '', /epoch/);
    assert.match(threshold.oprfAnswerProblem(after.group, input, { ...stale, epoch: after.group.epoch }) ?? '', /DLEQ/);
    const Fn = ristretto255.Point.Fn;
    const other = fresh[1] as threshold.KeyShare;
    const mixed = Fn.add(
      Fn.mul(Fn.fromBytes(leaked.secret), threshold.lagrangeAtZero([1, 2], 1)),
      Fn.mul(Fn.fromBytes(other.secret), threshold.lagrangeAtZero([1, 2], 2)),
    );
    assert.ok(!equalBytes(ristretto255.Point.BASE.multiply(mixed).toBytes(), after.group.commitments[0] as Uint8Array));
    await deployAndRun('salt-2', 5);
  });

  async function sealedShareOf(gk: NetworkNode) {
    const sealed = await call(gk.pruntime, { tag: 'Checkpoint', value: null });
    assert.ok(sealed.tag === 'Sealed');
    const body = unsealCheckpoint(
      { sealingKey: await gk.tee.sealingKey(), measurement: await gk.tee.measurement() },
      sealed.value,
    );
    assert.ok(body.thresholdShare !== undefined);
    return body.thresholdShare;
  }

  const deployAndRun = (saltText: string, n: number) => runContract(net, CLUSTER, CODE, saltText, n, workers);
});
