import type { CallContext } from '../../dispatch/context.js';
import { releaseHold } from '../balances/currency.js';
import { Balances } from '../balances/storage.js';

/**
 * Returns up to `amount` of what democracy holds of `who` (its deposits and votes are holds, which
 * the public `Balances.unreserve` call cannot free). Saturating all the same: a hook must never
 * fail (it would halt the chain). Returns what was released.
 */
export function releaseHeld(ctx: Pick<CallContext, 'state' | 'emit'>, who: Uint8Array, amount: bigint): bigint {
  const held = Balances.Held.get(ctx.state, who) ?? 0n;
  const release = amount < held ? amount : held;
  if (release > 0n) releaseHold(ctx, who, release);
  return release;
}
