import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Registry } from '../registry/storage.js';
import { workerEligible } from '../stake-pool/eligibility.js';
import { Phat } from './storage.js';

const fail = palletErrors('Phat');

/** Each worker must be registered, and listed once. */
export function checkClusterWorkers(ctx: CallContext, workers: readonly Uint8Array[]): void {
  const seen = new Set<string>();
  for (const worker of workers) {
    if (!Registry.Workers.has(ctx.state, worker)) throw fail('WorkerNotFound', 'a cluster worker is not a registered worker');
    if (!workerEligible(ctx.state, worker))
      throw fail('WorkerNotStaked', 'a cluster worker has less than the minimum stake running');
    const id = Buffer.from(worker).toString('hex');
    if (seen.has(id)) throw fail('DuplicateWorker', 'a worker is listed twice');
    seen.add(id);
  }
}

export function createCluster(ctx: CallContext, args: { clusterId: Uint8Array; workers: Uint8Array[] }): void {
  ensureRoot(ctx.origin);
  if (Phat.Clusters.has(ctx.state, args.clusterId)) throw fail('ClusterExists', 'a cluster with this id exists');
  checkClusterWorkers(ctx, args.workers);
  Phat.Clusters.set(ctx.state, args.clusterId, { workers: args.workers });
  ctx.emit({ tag: 'Phat', value: { tag: 'ClusterCreated', value: { cluster: args.clusterId, workers: args.workers } } });
}
