import { RUNTIME } from '../../constants.js';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold } from '../balances/currency.js';
import { readAccount } from '../system/account.js';
import { fail, loadLedger, writeLedger } from './ledger.js';
import { Staking } from './storage.js';

function checkFree(ctx: CallContext, who: Uint8Array, value: bigint): void {
  if (value === 0n) throw fail('ZeroAmount', 'bond a positive amount');
  const free = readAccount(ctx.state, who).free;
  if (free < value) throw fail('InsufficientBalance', `free balance ${free} is less than ${value}`);
}

/** Holds `value` of the caller's free balance as its bond. */
export function bond(ctx: CallContext, args: { value: bigint }): void {
  const who = ensureSigned(ctx.origin);
  if (Staking.Ledger.has(ctx.state, who)) throw fail('AlreadyBonded', 'this account has bonded already: use bondExtra');
  if (args.value < RUNTIME.existentialDeposit) {
    throw fail('BondTooSmall', `bond at least ${RUNTIME.existentialDeposit} (the existential deposit)`);
  }
  checkFree(ctx, who, args.value);
  hold(ctx, who, args.value);
  writeLedger(ctx.state, who, { total: args.value, active: args.value, unlocking: [] });
  ctx.emit({ tag: 'Staking', value: { tag: 'Bonded', value: { who, amount: args.value } } });
}

/** Adds `value` of the caller's free balance to its active bond. */
export function bondExtra(ctx: CallContext, args: { value: bigint }): void {
  const who = ensureSigned(ctx.origin);
  const ledger = loadLedger(ctx.state, who);
  checkFree(ctx, who, args.value);
  hold(ctx, who, args.value);
  writeLedger(ctx.state, who, { ...ledger, total: ledger.total + args.value, active: ledger.active + args.value });
  ctx.emit({ tag: 'Staking', value: { tag: 'Bonded', value: { who, amount: args.value } } });
}
