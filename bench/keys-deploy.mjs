// Part of `npm run bench -- keys`: deploy → contract key at the worker, through real pRuntimes fed
// by the real runtime in one process (the pRuntime tests' ThresholdNetwork: no sockets, no
// processes), with a whole MasterKey held by one gatekeeper vs a 2-of-3 shared one. Counts blocks
// (the protocol's latency: one block is a block time on a network) and CPU ms of the whole
// network's work from the instantiate block to the worker running the contract.
import * as c from '@phalanx/crypto';
import { Registry, Threshold } from '@phalanx/runtime';
import { DOUBLING_CODE, infoOf, runContract, ThresholdNetwork } from '../packages/pruntime/dist/test/threshold-network.js';

const CLUSTER = c.blake2_256(c.utf8('bench/keys-deploy'));

async function network(gatekeepers, threshold) {
  const net = new ThresholdNetwork(threshold);
  const gks = [];
  for (let i = 1; i <= gatekeepers; i++) gks.push(await net.add(`gk${i}`));
  const worker = await net.add('w1');
  const registered = async () => {
    for (const node of net.nodes.values()) if ((await infoOf(node)).registered === undefined) return false;
    return true;
  };
  await net.until('registered', registered);
  for (const gk of gks) {
    const identity = (await infoOf(gk)).info.identityPubkey;
    net.sudo({ tag: 'Registry', value: { tag: 'registerGatekeeper', value: { identity } } });
  }
  net.sudo({
    tag: 'Phat',
    value: { tag: 'createCluster', value: { clusterId: CLUSTER, workers: [(await infoOf(worker)).info.identityPubkey] } },
  });
  net.submit(net.alice, { tag: 'Phat', value: { tag: 'uploadCode', value: { code: DOUBLING_CODE } } });
  await net.until(
    'a MasterKey',
    () =>
      Registry.MasterPubkey.get(net.state) !== undefined &&
      (threshold.t === undefined || Threshold.Group.get(net.state) !== undefined),
    100,
  );
  await net.block();
  return { net, worker };
}

async function measure(label, gatekeepers, threshold, runs = 5) {
  const { net, worker } = await network(gatekeepers, threshold);
  const blocks = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const start = net.number;
    const before = process.cpuUsage();
    await runContract(net, CLUSTER, DOUBLING_CODE, `${label}-${i}`, i + 1, [worker]);
    const used = process.cpuUsage(before);
    blocks.push(net.number - start);
    cpu.push((used.user + used.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  return {
    blocks_instantiate_to_constructor_receipt: blocks,
    cpu_ms_median_whole_network: Math.round(cpu[Math.floor(runs / 2)] * 10) / 10,
  };
}

export async function deployLatency() {
  await c.cryptoReady();
  return {
    whole_key_one_gatekeeper: await measure('whole', 1, {}),
    threshold_2_of_3: await measure('threshold', 3, { t: 2, n: 3, phaseBlocks: 5 }),
  };
}
