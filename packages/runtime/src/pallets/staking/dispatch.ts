import type { Infer } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { bond, bondExtra } from './bond.js';
import type { StakingCall } from './calls.js';
import { candidateGatekeeper } from './candidate-gatekeeper.js';
import { nominate } from './nominate.js';
import { chill } from './roles.js';
import { setParams } from './set-params.js';
import { unbond, withdrawUnbonded } from './unbond.js';
import { validate } from './validate.js';

/** Routes a staking call to its handler. */
export function dispatchStaking(ctx: CallContext, call: Infer<typeof StakingCall>): void {
  switch (call.tag) {
    case 'bond':
      return bond(ctx, call.value);
    case 'bondExtra':
      return bondExtra(ctx, call.value);
    case 'unbond':
      return unbond(ctx, call.value);
    case 'withdrawUnbonded':
      return withdrawUnbonded(ctx);
    case 'validate':
      return validate(ctx, call.value);
    case 'candidateGatekeeper':
      return candidateGatekeeper(ctx, call.value);
    case 'nominate':
      return nominate(ctx, call.value);
    case 'chill':
      return chill(ctx);
    case 'setParams':
      return setParams(ctx, call.value);
  }
}
