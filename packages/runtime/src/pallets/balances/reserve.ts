import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { reserve as reserveBalance, unreserve as unreserveBalance } from './currency.js';

export function reserve(ctx: CallContext, args: { value: bigint }): void {
  reserveBalance(ctx, ensureSigned(ctx.origin), args.value);
}

export function unreserve(ctx: CallContext, args: { value: bigint }): void {
  unreserveBalance(ctx, ensureSigned(ctx.origin), args.value);
}
