import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { fail, transferBalance } from './currency.js';

export function transfer(ctx: CallContext, args: { dest: Uint8Array; value: bigint }): void {
  const from = ensureSigned(ctx.origin);
  if (Buffer.compare(from, args.dest) === 0) throw fail('SelfTransfer', 'cannot transfer to the sending account');
  transferBalance(ctx, from, args.dest, args.value);
}
