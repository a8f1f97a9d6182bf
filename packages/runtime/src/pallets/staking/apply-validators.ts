import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { DispatchError } from '../../dispatch/error.js';
import { Consensus } from '../consensus/storage.js';
import { MAX_TOTAL_VOTING_POWER } from '../consensus/types.js';
import { changeValidator } from '../consensus/validator-set.js';
import { Staking } from './storage.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

export interface NewValidator {
  readonly stash: Uint8Array;
  readonly consensusKey: Uint8Array;
  readonly backing: bigint;
}

/**
 * Voting powers: backing / powerUnit, at least 1; if they add up past CometBFT's cap they are
 * scaled down (rounding down, still at least 1) to fit with room for the +1s.
 */
export function votingPowers(backings: readonly bigint[], powerUnit: bigint): bigint[] {
  const raw = backings.map((b) => (b / powerUnit > 0n ? b / powerUnit : 1n));
  const sum = raw.reduce((a, b) => a + b, 0n);
  const room = MAX_TOTAL_VOTING_POWER - BigInt(raw.length);
  if (sum <= room) return raw;
  return raw.map((p) => {
    const scaled = (p * room) / sum;
    return scaled > 0n ? scaled : 1n;
  });
}

/**
 * Makes the CometBFT set the elected one, through `changeValidator` only, in an order that never
 * empties the set nor passes the power or size caps on the way: every validator the last election
 * put in goes down to power 1 first (or to its new power if lower), those not elected again are
 * removed while another validator remains, then the elected are added or raised, the last old one
 * removed right after the first new one is in. Validators added by root (sudo) are left alone.
 * A change consensus refuses is reported (`ValidatorChangeRefused`) and skipped.
 */
export function applyValidatorSet(ctx: Ctx, elected: readonly NewValidator[], powerUnit: bigint): void {
  const powers = votingPowers(
    elected.map((v) => v.backing),
    powerUnit,
  );
  const isElected = (key: Uint8Array) => elected.some((v) => equalBytes(v.consensusKey, key));
  const old = Staking.ManagedKeys.getOr(ctx.state, []).filter((key) => Consensus.Validators.has(ctx.state, key));
  const apply = (consensusKey: Uint8Array, power: bigint, operator: Uint8Array) => {
    const record = Consensus.Validators.get(ctx.state, consensusKey);
    if (record !== undefined && record.power === power && equalBytes(record.operator, operator)) return;
    try {
      changeValidator(ctx.state, { consensusKey, power, operator });
    } catch (error) {
      if (!(error instanceof DispatchError)) throw error;
      ctx.emit({
        tag: 'Staking',
        value: { tag: 'ValidatorChangeRefused', value: { consensusKey, reason: error.message.slice(0, 200) } },
      });
    }
  };
  for (const key of old) {
    const record = Consensus.Validators.get(ctx.state, key);
    if (record === undefined) continue;
    const index = elected.findIndex((v) => equalBytes(v.consensusKey, key));
    const target = index < 0 ? 1n : (powers[index] as bigint);
    if (record.power > target) apply(key, target, record.operator);
  }
  const pending: Uint8Array[] = [];
  for (const key of old) {
    if (isElected(key)) continue;
    if (Consensus.ValidatorCount.getOr(ctx.state, 0) > 1)
      apply(key, 0n, Consensus.Validators.get(ctx.state, key)?.operator as Uint8Array);
    else pending.push(key);
  }
  elected.forEach((v, i) => {
    apply(v.consensusKey, powers[i] as bigint, v.stash);
    for (const key of pending.splice(0)) {
      const record = Consensus.Validators.get(ctx.state, key);
      if (record !== undefined && Consensus.ValidatorCount.getOr(ctx.state, 0) > 1) apply(key, 0n, record.operator);
    }
  });
  Staking.ManagedKeys.set(
    ctx.state,
    elected.map((v) => v.consensusKey),
  );
}
