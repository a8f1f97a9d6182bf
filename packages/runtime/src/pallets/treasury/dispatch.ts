import type { Infer } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { approveSpend, rejectSpend } from './approve-spend.js';
import type { TreasuryCall } from './calls.js';
import { proposeSpend } from './propose-spend.js';
import { setTreasuryParams } from './set-params.js';

/** Routes a treasury call to its handler. */
export function dispatchTreasury(ctx: CallContext, call: Infer<typeof TreasuryCall>): void {
  switch (call.tag) {
    case 'proposeSpend':
      return proposeSpend(ctx, call.value);
    case 'approveSpend':
      return approveSpend(ctx, call.value);
    case 'rejectSpend':
      return rejectSpend(ctx, call.value);
    case 'setParams':
      return setTreasuryParams(ctx, call.value);
  }
}
