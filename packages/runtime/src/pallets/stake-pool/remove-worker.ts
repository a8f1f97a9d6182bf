import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { boundWorker, fail, ownedPool } from './pool.js';
import { StakePool } from './storage.js';

/** Owner: unbinds a worker with no stake locked behind it (stop it and wait for the release first). */
export function removeWorker(ctx: CallContext, args: { pid: number; worker: Uint8Array }): void {
  const pool = ownedPool(ctx.state, args.pid, ensureSigned(ctx.origin));
  const stake = boundWorker(ctx.state, args.pid, args.worker);
  if (stake.status.tag !== 'Idle' || stake.locked > 0n) {
    throw fail('StakeLocked', 'stake is still locked behind the worker: stop it and wait for the release');
  }
  StakePool.Pools.set(ctx.state, args.pid, { ...pool, workers: pool.workers.filter((w) => !equalBytes(w, args.worker)) });
  StakePool.Workers.remove(ctx.state, args.worker);
  ctx.emit({ tag: 'StakePool', value: { tag: 'WorkerRemoved', value: args } });
}
