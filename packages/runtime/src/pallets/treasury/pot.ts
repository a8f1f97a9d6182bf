import type { CallContext } from '../../dispatch/context.js';
import type { Overlay } from '../../state/overlay.js';
import { slashHeld } from '../balances/currency.js';
import { Treasury } from './storage.js';

/**
 * Adds `amount` to the pot. The caller has already taken it out of an account or the pool value
 * (a fee share, a slash, a forfeited bond), so `Balances.TotalIssuance` is unchanged. The lead
 * routes other slashes here.
 */
export function depositToTreasury(state: Overlay, amount: bigint): void {
  if (amount <= 0n) return;
  Treasury.Pot.set(state, (Treasury.Pot.get(state) ?? 0n) + amount);
}

/** Forfeits `amount` held of `who` into the pot (a rejected spend's bond, a losing candidate's). */
export function forfeitToTreasury(ctx: Pick<CallContext, 'state' | 'emit'>, who: Uint8Array, amount: bigint): void {
  if (amount <= 0n) return;
  slashHeld(ctx, who, amount);
  depositToTreasury(ctx.state, amount);
  ctx.emit({ tag: 'Treasury', value: { tag: 'Deposit', value: { value: amount } } });
}
