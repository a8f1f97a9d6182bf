import type { Infer } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { addWorker } from './add-worker.js';
import type { StakePoolCall } from './calls.js';
import { contribute } from './contribute.js';
import { createPool } from './create.js';
import { removeWorker } from './remove-worker.js';
import { setRewardParams } from './rewards.js';
import { setCapacity } from './set-capacity.js';
import { setCommission } from './set-commission.js';
import { setMismatchSlash } from './set-mismatch-slash.js';
import { setParams } from './set-params.js';
import { startWorker } from './start-worker.js';
import { stopWorker } from './stop-worker.js';
import { withdraw } from './withdraw.js';

/** Routes a stake-pool call to its handler. */
export function dispatchStakePool(ctx: CallContext, call: Infer<typeof StakePoolCall>): void {
  switch (call.tag) {
    case 'create':
      return createPool(ctx, call.value);
    case 'setCommission':
      return setCommission(ctx, call.value);
    case 'setCapacity':
      return setCapacity(ctx, call.value);
    case 'addWorker':
      return addWorker(ctx, call.value);
    case 'removeWorker':
      return removeWorker(ctx, call.value);
    case 'contribute':
      return contribute(ctx, call.value);
    case 'startWorker':
      return startWorker(ctx, call.value);
    case 'stopWorker':
      return stopWorker(ctx, call.value);
    case 'withdraw':
      return withdraw(ctx, call.value);
    case 'setParams':
      return setParams(ctx, call.value);
    case 'setRewardParams':
      return setRewardParams(ctx, call.value);
    case 'setMismatchSlash':
      return setMismatchSlash(ctx, call.value);
  }
}
