import type { CallContext } from '../../dispatch/context.js';
import { deposit } from '../balances/currency.js';
import { Balances } from '../balances/storage.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/** Mints `amount` into `who`'s free balance: total issuance grows by it. */
export function mint(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  if (amount === 0n) return;
  deposit(ctx, who, amount);
  Balances.TotalIssuance.set(ctx.state, Balances.TotalIssuance.getOr(ctx.state, 0n) + amount);
}
