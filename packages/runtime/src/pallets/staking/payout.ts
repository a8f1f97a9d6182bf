import type { CallContext } from '../../dispatch/context.js';
import { mint } from './mint.js';
import { Staking } from './storage.js';
import { STAKING_LIMITS } from './types.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/** Begins paying `era`'s reward (nothing to pay without elected validators or a reward). */
export function startPayout(state: Ctx['state'], era: number, reward: bigint): void {
  const validators = Staking.ErasValidators.get(state, era) ?? [];
  if (validators.length === 0 || reward === 0n) return;
  Staking.PayoutProgress.set(state, { era, reward, validator: 0, offset: 0, paidToNominators: 0n });
}

/**
 * Pays up to `budget` nominators of the payout under way (each validator counts as one more), so
 * a large era is paid over several blocks. The era's reward is split equally between its elected
 * validators (the first `reward mod n` get one more unit); of a validator's share its commission
 * comes first, the rest goes pro rata to its exposure (rounded down for each nominator), and the
 * validator gets everything its nominators did not: commission, its own part and all rounding.
 * Every payment is minted (total issuance grows by exactly the reward).
 */
export function payoutStep(ctx: Ctx, budget: number = STAKING_LIMITS.payoutPage): void {
  let progress = Staking.PayoutProgress.get(ctx.state);
  if (progress === undefined) return;
  const validators = Staking.ErasValidators.get(ctx.state, progress.era) ?? [];
  const n = BigInt(validators.length);
  let left = budget;
  while (progress.validator < validators.length && left > 0) {
    const v = validators[progress.validator];
    if (v === undefined) break;
    const exposure = Staking.ErasStakers.get(ctx.state, [progress.era, v.stash]);
    const share = progress.reward / n + (BigInt(progress.validator) < progress.reward % n ? 1n : 0n);
    const commission = (share * BigInt(v.commission)) / BigInt(STAKING_LIMITS.ppm);
    const rest = share - commission;
    const others = exposure?.others ?? [];
    const page = others.slice(progress.offset, progress.offset + left);
    let paid = progress.paidToNominators;
    for (const [who, amount] of page) {
      const pay = exposure === undefined || exposure.total === 0n ? 0n : (rest * amount) / exposure.total;
      mint(ctx, who, pay);
      paid += pay;
    }
    left -= page.length;
    const offset = progress.offset + page.length;
    if (offset < others.length) {
      progress = { ...progress, offset, paidToNominators: paid };
      break;
    }
    mint(ctx, v.stash, share - paid);
    ctx.emit({
      tag: 'Staking',
      value: { tag: 'ValidatorPaid', value: { era: progress.era, validator: v.stash, total: share, commission } },
    });
    left--;
    progress = { ...progress, validator: progress.validator + 1, offset: 0, paidToNominators: 0n };
  }
  if (progress.validator >= validators.length) Staking.PayoutProgress.remove(ctx.state);
  else Staking.PayoutProgress.set(ctx.state, progress);
}
