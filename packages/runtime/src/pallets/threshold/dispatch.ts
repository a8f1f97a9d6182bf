import type { Infer } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import type { ThresholdCall } from './calls.js';
import { restartDkg, setThresholdParams } from './set-params.js';

/** Routes a threshold call to its handler. */
export function dispatchThreshold(ctx: CallContext, call: Infer<typeof ThresholdCall>): void {
  switch (call.tag) {
    case 'setParams':
      return setThresholdParams(ctx, call.value);
    case 'restartDkg':
      return restartDkg(ctx);
  }
}
