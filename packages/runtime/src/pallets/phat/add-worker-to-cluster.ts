import { equalBytes } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { pushPalletMessage } from '../mq/outbound.js';
import { MQ_TOPICS } from '../mq/types.js';
import { Registry } from '../registry/storage.js';
import { workerEligible } from '../stake-pool/eligibility.js';
import { Phat } from './storage.js';
import { PHAT_LIMITS, ProvisionRequest } from './types.js';

const fail = palletErrors('Phat');

/**
 * Adds a worker to a cluster: it serves the contracts deployed from now on, and the cluster's
 * deployed contracts too — the gatekeepers are asked (pallet message "phalanx/phat/provision") to
 * send it their keys, and it rebuilds each from its last state commit and the commands after it.
 */
export function addWorkerToCluster(ctx: CallContext, args: { clusterId: Uint8Array; worker: Uint8Array }): void {
  ensureRoot(ctx.origin);
  addToCluster(ctx, args);
}

/** The addition itself (root's call, and a build migration's replacement of a worker). */
export function addToCluster(
  ctx: Pick<CallContext, 'state' | 'emit'>,
  args: { clusterId: Uint8Array; worker: Uint8Array },
): void {
  const cluster = Phat.Clusters.get(ctx.state, args.clusterId);
  if (cluster === undefined) throw fail('ClusterNotFound', 'no cluster has this id');
  if (!Registry.Workers.has(ctx.state, args.worker)) throw fail('WorkerNotFound', 'the worker is not registered');
  if (!workerEligible(ctx.state, args.worker)) {
    throw fail('WorkerNotStaked', 'the worker has less than the minimum stake (StakePool.MinWorkerStake) running behind it');
  }
  if (cluster.workers.some((w) => equalBytes(w, args.worker)))
    throw fail('AlreadyInCluster', 'the worker is in this cluster already');
  if (cluster.workers.length >= PHAT_LIMITS.maxClusterWorkers) {
    throw fail('ClusterFull', `a cluster has at most ${PHAT_LIMITS.maxClusterWorkers} workers`);
  }
  Phat.Clusters.set(ctx.state, args.clusterId, { workers: [...cluster.workers, args.worker] });
  const contracts: ProvisionRequest['contracts'] = [];
  for (const contract of Phat.ClusterContracts.get(ctx.state, args.clusterId) ?? []) {
    const record = Phat.Contracts.get(ctx.state, contract);
    if (record?.deployedAt === undefined) continue; // pending: the deployment itself will reach the new worker
    Phat.Contracts.set(ctx.state, contract, { ...record, workers: [...record.workers, args.worker] });
    const { clusterId: cluster, deployer, codeHash, salt } = record.info;
    contracts.push({ contract, cluster, deployer, codeHash, salt });
  }
  if (contracts.length > 0) {
    pushPalletMessage(ctx, 'Phat', MQ_TOPICS.provision, encode(ProvisionRequest, { worker: args.worker, contracts }));
  }
  ctx.emit({ tag: 'Phat', value: { tag: 'WorkerAddedToCluster', value: { cluster: args.clusterId, worker: args.worker } } });
}
