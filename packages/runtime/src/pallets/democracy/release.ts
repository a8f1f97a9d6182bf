import type { CallContext } from '../../dispatch/context.js';
import { unreserve } from '../balances/currency.js';
import { readAccount } from '../system/account.js';

/**
 * Returns up to `amount` of what democracy reserved of `who`. Saturating on purpose: the public
 * `Balances.unreserve` call can free any reserve, so what democracy reserved may already be gone;
 * a hook must never fail on that (it would halt the chain) and a voter must still be able to
 * clear its votes. Returns what was released.
 */
export function releaseHeld(ctx: Pick<CallContext, 'state' | 'emit'>, who: Uint8Array, amount: bigint): bigint {
  const reserved = readAccount(ctx.state, who).reserved;
  const release = amount < reserved ? amount : reserved;
  if (release > 0n) unreserve(ctx, who, release);
  return release;
}
