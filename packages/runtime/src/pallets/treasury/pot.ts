import type { CallContext } from '../../dispatch/context.js';
import type { Overlay } from '../../state/overlay.js';
import { slashHeld } from '../balances/currency.js';
import { Balances } from '../balances/storage.js';
import { Treasury, treasuryParams } from './storage.js';
import { ppmOf } from './types.js';

/**
 * Adds `amount` to the pot. The caller has already taken it out of an account or the pool value
 * (a fee share, a slash, a forfeited bond), so `Balances.TotalIssuance` is unchanged.
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

/**
 * Where every slash goes (stake pools' offline, late and wrong-commit slashes, staking's offences):
 * the treasury's `slashShare` of `amount` to the pot, the rest burned (total issuance falls by it).
 * The caller has taken `amount` out of an account or a pool's value. Returns the pot's part.
 */
export function settleSlash(state: Overlay, amount: bigint): bigint {
  if (amount <= 0n) return 0n;
  const toTreasury = ppmOf(amount, treasuryParams(state).slashShare);
  depositToTreasury(state, toTreasury);
  Balances.TotalIssuance.set(state, Balances.TotalIssuance.getOr(state, 0n) - (amount - toTreasury));
  return toTreasury;
}
