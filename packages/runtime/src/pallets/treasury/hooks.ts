import type { HookScope } from '../../dispatch/call-context.js';
import { deposit, releaseHold } from '../balances/currency.js';
import { Balances } from '../balances/storage.js';
import { Treasury, treasuryParams } from './storage.js';
import { ppmOf } from './types.js';

/**
 * Every `spendPeriod` blocks (pallet-treasury's `spend_funds`): approved spends are paid from the
 * pot in approval order while it suffices (the first that does not fit waits, with every later one,
 * for a period with more), each bond returned; then `burn` ppm of what remains is burned. Writes
 * nothing in other blocks.
 */
export function initializeTreasury(ctx: HookScope): void {
  const params = treasuryParams(ctx.state);
  if (ctx.block.number % params.spendPeriod !== 0) return;
  let pot = Treasury.Pot.get(ctx.state) ?? 0n;
  const approvals = Treasury.Approvals.getOr(ctx.state, []);
  if (pot === 0n && approvals.length === 0) return;
  let paid = 0;
  for (const id of approvals) {
    const spend = Treasury.Proposals.get(ctx.state, id);
    if (spend !== undefined) {
      if (spend.value > pot) break;
      pot -= spend.value;
      Treasury.Proposals.remove(ctx.state, id);
      releaseBond(ctx, spend.proposer, spend.bond);
      deposit(ctx, spend.beneficiary, spend.value);
      ctx.emit({ tag: 'Treasury', value: { tag: 'Awarded', value: { id, value: spend.value, beneficiary: spend.beneficiary } } });
    }
    paid++;
  }
  if (paid > 0) {
    const rest = approvals.slice(paid);
    if (rest.length === 0) Treasury.Approvals.remove(ctx.state);
    else Treasury.Approvals.set(ctx.state, rest);
  }
  const burnt = ppmOf(pot, params.burn);
  if (burnt > 0n) {
    pot -= burnt;
    Balances.TotalIssuance.set(ctx.state, (Balances.TotalIssuance.get(ctx.state) ?? 0n) - burnt);
    ctx.emit({ tag: 'Treasury', value: { tag: 'Burnt', value: { amount: burnt } } });
  }
  if (pot === 0n) Treasury.Pot.remove(ctx.state);
  else Treasury.Pot.set(ctx.state, pot);
  ctx.emit({ tag: 'Treasury', value: { tag: 'Rollover', value: { pot } } });
}

/** Returns a paid spend's bond; saturating, since a hook must never fail (it would halt the chain). */
function releaseBond(ctx: HookScope, who: Uint8Array, bond: bigint): void {
  const held = Balances.Held.get(ctx.state, who) ?? 0n;
  const amount = bond < held ? bond : held;
  if (amount > 0n) releaseHold(ctx, who, amount);
}
