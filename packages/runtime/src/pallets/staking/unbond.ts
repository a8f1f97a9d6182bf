import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { releaseHold } from '../balances/currency.js';
import { currentEra, fail, loadLedger, minBondOf, roleOf, stakingParams, writeLedger } from './ledger.js';
import { clearRoles } from './roles.js';
import { STAKING_LIMITS } from './types.js';

/**
 * Moves `value` of the active bond into an unlocking chunk withdrawable `bondingDuration` eras
 * from now. A candidate or nominator keeps at least its role's minimum active (chill to go lower).
 */
export function unbond(ctx: CallContext, args: { value: bigint }): void {
  const who = ensureSigned(ctx.origin);
  const ledger = loadLedger(ctx.state, who);
  const { value } = args;
  if (value === 0n) throw fail('ZeroAmount', 'unbond a positive amount');
  if (value > ledger.active) throw fail('InsufficientBond', `the active bond is ${ledger.active}, less than ${value}`);
  const remaining = ledger.active - value;
  const min = minBondOf(ctx.state, who);
  if (roleOf(ctx.state, who) !== undefined && remaining < min) {
    throw fail('BelowMinimumBond', `a ${roleOf(ctx.state, who)} keeps at least ${min} bonded: unbond less, or chill first`);
  }
  const era = currentEra(ctx.state) + stakingParams(ctx.state).bondingDuration;
  const unlocking = [...ledger.unlocking];
  const last = unlocking[unlocking.length - 1];
  if (last !== undefined && last.era === era) unlocking[unlocking.length - 1] = { value: last.value + value, era };
  else {
    if (unlocking.length >= STAKING_LIMITS.maxUnlockingChunks) {
      throw fail(
        'TooManyUnlockingChunks',
        `at most ${STAKING_LIMITS.maxUnlockingChunks} unbondings wait at once: withdraw first`,
      );
    }
    unlocking.push({ value, era });
  }
  writeLedger(ctx.state, who, { ...ledger, active: remaining, unlocking });
  ctx.emit({ tag: 'Staking', value: { tag: 'Unbonded', value: { who, amount: value, era } } });
}

/**
 * Frees every unlocking chunk whose era has come (all of them while eras are off: with no eras
 * nothing could ever be withdrawn, and nothing is exposed to slashing either). A ledger emptied
 * this way goes, and with it any role.
 */
export function withdrawUnbonded(ctx: CallContext): void {
  const who = ensureSigned(ctx.origin);
  const ledger = loadLedger(ctx.state, who);
  const era = currentEra(ctx.state);
  const eraOff = stakingParams(ctx.state).eraLength === 0;
  const due = ledger.unlocking.filter((chunk) => eraOff || chunk.era <= era);
  const amount = due.reduce((sum, chunk) => sum + chunk.value, 0n);
  if (amount === 0n) throw fail('NothingToWithdraw', 'no unbonded value is withdrawable yet (it waits bondingDuration eras)');
  releaseHold(ctx, who, amount);
  const total = ledger.total - amount;
  writeLedger(ctx.state, who, { ...ledger, total, unlocking: ledger.unlocking.filter((chunk) => !due.includes(chunk)) });
  if (total === 0n) clearRoles(ctx.state, who);
  ctx.emit({ tag: 'Staking', value: { tag: 'Withdrawn', value: { who, amount } } });
}
