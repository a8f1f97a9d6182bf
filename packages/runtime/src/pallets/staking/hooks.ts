import type { BlockEnv, CallContext } from '../../dispatch/context.js';
import { prepareElection, startEra } from './era.js';
import { currentEra, stakingParams } from './ledger.js';
import { payoutStep } from './payout.js';
import { slashOffences } from './slash.js';
import { progressSnapshot } from './snapshot.js';
import { Staking } from './storage.js';

/**
 * Block initialisation (after consensus, which records this block's offences): slash the
 * offences; at an era boundary start the new era (payout, the elected sets applied), one block
 * before it run the elections, before that advance the voter snapshot; then pay the next page of
 * the reward under way. With eras off (eraLength 0, the
 * default) and nothing under way this reads three values and writes nothing.
 */
export function initializeStaking(ctx: Pick<CallContext, 'state' | 'emit'> & { readonly block: BlockEnv }): void {
  const now = ctx.block.number;
  slashOffences(ctx, now);
  const { eraLength } = stakingParams(ctx.state);
  if (eraLength > 0) {
    const boundary = Staking.EraStart.getOr(ctx.state, 0) + eraLength;
    if (now >= boundary) startEra(ctx, now);
    else if (now === boundary - 1) prepareElection(ctx, currentEra(ctx.state) + 1);
    else progressSnapshot(ctx.state, now, boundary - 1);
  }
  payoutStep(ctx);
}
