import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Registry } from '../registry/storage.js';
import { Phat } from './storage.js';
import { PHAT_LIMITS } from './types.js';

const fail = palletErrors('Phat');

/** Adds a worker for contracts deployed from now on (deployed contracts keep their workers). */
export function addWorkerToCluster(ctx: CallContext, args: { clusterId: Uint8Array; worker: Uint8Array }): void {
  ensureRoot(ctx.origin);
  const cluster = Phat.Clusters.get(ctx.state, args.clusterId);
  if (cluster === undefined) throw fail('ClusterNotFound', 'no cluster has this id');
  if (!Registry.Workers.has(ctx.state, args.worker)) throw fail('WorkerNotFound', 'the worker is not registered');
  if (cluster.workers.some((w) => equalBytes(w, args.worker)))
    throw fail('AlreadyInCluster', 'the worker is in this cluster already');
  if (cluster.workers.length >= PHAT_LIMITS.maxClusterWorkers) {
    throw fail('ClusterFull', `a cluster has at most ${PHAT_LIMITS.maxClusterWorkers} workers`);
  }
  Phat.Clusters.set(ctx.state, args.clusterId, { workers: [...cluster.workers, args.worker] });
  ctx.emit({ tag: 'Phat', value: { tag: 'WorkerAddedToCluster', value: { cluster: args.clusterId, worker: args.worker } } });
}
