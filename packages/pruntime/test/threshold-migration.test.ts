// Migration to a new pRuntime build (issue 13 item 6, spec 002): governance allows build B and
// starts the migration; each operator starts a build-B pRuntime under the same account; the chain
// puts it in its old pRuntime's place — gatekeepers reshare the MasterKey's shares to the new ones
// (handed only to pRuntimes attested with B), the new worker is provisioned and rebuilds the
// contract from its last commit — and build A leaves the allow-list. The contract keeps working.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2_256, cryptoReady, equalBytes, threshold, utf8 } from '@phalanx/crypto';
import { Phat, Registry, Threshold } from '@phalanx/runtime';
import { unsealCheckpoint } from '../src/index.js';
import { call } from './ecall-helpers.js';
import { buildMeasurement, DOUBLING_CODE, infoOf, type NetworkNode, runContract, ThresholdNetwork } from './threshold-network.js';

before(async () => {
  await cryptoReady();
});

const CLUSTER = blake2_256(utf8('migration-cluster'));

async function shareOf(node: NetworkNode) {
  const sealed = await call(node.pruntime, { tag: 'Checkpoint', value: null });
  assert.ok(sealed.tag === 'Sealed');
  return unsealCheckpoint({ sealingKey: await node.tee.sealingKey(), measurement: await node.tee.measurement() }, sealed.value)
    .thresholdShare;
}

describe('migration to a new pRuntime build', { timeout: 600_000 }, () => {
  it('moves gatekeepers and workers to build B without revealing anything; the contract keeps working', async () => {
    const net = new ThresholdNetwork({ t: 2, n: 3, phaseBlocks: 5 });
    const old = [await net.add('gk1'), await net.add('gk2'), await net.add('gk3')];
    const w1 = await net.add('w1');
    const id = async (node: NetworkNode) => (await infoOf(node)).info.identityPubkey;
    const allRegistered = async () => {
      for (const node of net.nodes.values()) if ((await infoOf(node)).registered === undefined) return false;
      return true;
    };
    await net.until('registered', allRegistered);
    for (const gk of old) net.sudo({ tag: 'Registry', value: { tag: 'registerGatekeeper', value: { identity: await id(gk) } } });
    net.sudo({ tag: 'Phat', value: { tag: 'createCluster', value: { clusterId: CLUSTER, workers: [await id(w1)] } } });
    net.submit(net.alice, { tag: 'Phat', value: { tag: 'uploadCode', value: { code: DOUBLING_CODE } } });
    await net.until('the DKG', () => Threshold.Group.get(net.state) !== undefined);
    const contract = await runContract(net, CLUSTER, DOUBLING_CODE, 'before-the-upgrade', 2, [w1]);
    const master = Registry.MasterPubkey.get(net.state);

    // Governance allows build B and starts the migration; operators start build-B pRuntimes.
    const from = buildMeasurement();
    const to = buildMeasurement('threshold-build-b');
    net.sudo({ tag: 'Registry', value: { tag: 'addMeasurement', value: { measurement: to } } });
    await net.block();
    net.sudo({ tag: 'Registry', value: { tag: 'startMigration', value: { from, to, clusters: [CLUSTER] } } });
    const fresh: NetworkNode[] = [];
    for (const gk of old) fresh.push(await net.add(`${gk.name}-b`, { build: 'threshold-build-b', operatorOf: gk.name }));
    const w1b = await net.add('w1-b', { build: 'threshold-build-b', operatorOf: 'w1' });
    await net.until('the new build registered', allRegistered);
    await net.until('the migration to complete', () => Registry.Migration.get(net.state) === undefined, 120);

    const freshIds = await Promise.all(fresh.map(id));
    assert.deepEqual(Registry.Gatekeepers.get(net.state), freshIds, 'each old gatekeeper replaced by its operator’s new one');
    const group = Threshold.Group.get(net.state) as NonNullable<ReturnType<typeof Threshold.Group.get>>;
    assert.deepEqual(group.members, freshIds, 'the shares were reshared to the new build');
    assert.deepEqual(group.group.commitments[0], master, 'same MasterPubkey: every contract keeps its keys');
    assert.ok(!(Registry.Measurements.get(net.state) ?? []).some((m) => equalBytes(m, from)), 'build A retired');
    assert.deepEqual(Phat.Clusters.get(net.state, CLUSTER)?.workers, [await id(w1b)]);
    await net.block();
    for (const node of fresh) {
      const held = await shareOf(node);
      assert.ok(held !== undefined && threshold.shareMatchesGroup(group.group, held.share), `${node.name} holds a share`);
    }
    for (const node of old) assert.equal(await shareOf(node), undefined, `${node.name} (build A) erased its share`);
    // The contract runs on the new build's worker (rebuilt from the chain), and deployment works there.
    await net.until('the new worker runs the old contract', async () =>
      (await infoOf(w1b)).contracts.some((c) => equalBytes(c, contract)),
    );
    await runContract(net, CLUSTER, DOUBLING_CODE, 'after-the-upgrade', 9, [w1b]);
  });
});
