import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { boundWorker, fail, ownedPool, withdrawCooldown } from './pool.js';
import { addRelease, payQueue, releaseStake } from './queue.js';
import { StakePool } from './storage.js';

/**
 * Owner: stops a running worker. Its stake stays locked for `WithdrawCooldown` blocks (it no
 * longer counts for eligibility) and is then released by the block hook, which pays the queue.
 * With a cooldown of 0 it is released at once.
 */
export function stopWorker(ctx: CallContext, args: { pid: number; worker: Uint8Array }): void {
  const { pid, worker } = args;
  ownedPool(ctx.state, pid, ensureSigned(ctx.origin));
  const stake = boundWorker(ctx.state, pid, worker);
  if (stake.status.tag !== 'Running') throw fail('WorkerNotRunning', 'the worker is not running');
  const releaseAt = ctx.block.number + withdrawCooldown(ctx.state);
  const stopped = { pid, worker, releaseAt, forced: false };
  if (releaseAt === ctx.block.number) {
    ctx.emit({ tag: 'StakePool', value: { tag: 'WorkerStopped', value: stopped } });
    releaseStake(ctx, worker);
    payQueue(ctx, pid);
    return;
  }
  addRelease(ctx.state, releaseAt, worker); // the only step that may refuse: first
  StakePool.Workers.set(ctx.state, worker, { ...stake, status: { tag: 'Stopping', value: { releaseAt } } });
  ctx.emit({ tag: 'StakePool', value: { tag: 'WorkerStopped', value: stopped } });
}
