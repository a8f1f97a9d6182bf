import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { readAccount } from '../system/account.js';
import { fail, freeReserve, reserve as reserveBalance, unreserve as unreserveBalance } from './currency.js';

export function reserve(ctx: CallContext, args: { value: bigint }): void {
  reserveBalance(ctx, ensureSigned(ctx.origin), args.value);
}

/** Frees the caller's own reserve, never what a pallet holds (a gas reservation, a deposit, a vote). */
export function unreserve(ctx: CallContext, args: { value: bigint }): void {
  const who = ensureSigned(ctx.origin);
  const own = freeReserve(ctx, who);
  // Larger than the whole reserve (or out of range): the plain checks below say so.
  if (args.value > own && args.value <= readAccount(ctx.state, who).reserved) {
    throw fail('InsufficientReserve', `only ${own} of the reserved balance is the account's own; the rest is held by pallets`);
  }
  unreserveBalance(ctx, who, args.value);
}
