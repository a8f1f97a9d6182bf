import type { RuntimeCall } from '../call.js';
import { transfer } from '../pallets/balances/transfer.js';
import { reserve, unreserve } from '../pallets/balances/reserve.js';
import { setKey, sudo } from '../pallets/sudo/sudo.js';
import { remark } from '../pallets/system/remark.js';
import type { CallContext } from './context.js';
import { palletErrors } from './error.js';

const fail = palletErrors('System');

/** Routes a decoded call to its handler. Adding a call: its codec in call.ts, its handler here. */
export function dispatchCall(ctx: CallContext, call: RuntimeCall): void {
  switch (call.tag) {
    case 'System':
      return remark(ctx, call.value.value);
    case 'Balances': {
      const inner = call.value;
      if (inner.tag === 'transfer') return transfer(ctx, inner.value);
      if (inner.tag === 'reserve') return reserve(ctx, inner.value);
      return unreserve(ctx, inner.value);
    }
    case 'Sudo': {
      const inner = call.value;
      return inner.tag === 'sudo' ? sudo(ctx, inner.value) : setKey(ctx, inner.value);
    }
    default:
      throw fail('UnknownCall', 'this call is not dispatchable');
  }
}
