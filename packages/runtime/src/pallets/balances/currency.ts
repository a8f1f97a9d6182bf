import { RUNTIME } from '../../constants.js';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { readAccount, writeAccount } from '../system/account.js';
import { Balances } from './storage.js';

/** The balance operations other pallets use (deposits, reservations, fees). */
type Ctx = Pick<CallContext, 'state' | 'emit'>;

export const fail = palletErrors('Balances');
const MAX_BALANCE = (1n << 128n) - 1n;

function assertAmount(amount: bigint): void {
  if (amount < 0n || amount > MAX_BALANCE) throw fail('InvalidAmount', 'amount must be within [0, 2^128 - 1]');
}

/** Takes `amount` from `who`'s free balance, or fails without changing anything. */
export function withdraw(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  assertAmount(amount);
  const account = readAccount(ctx.state, who);
  if (account.free < amount) {
    throw fail('InsufficientBalance', `free balance ${account.free} is less than ${amount}`);
  }
  writeAccount(ctx.state, who, { ...account, free: account.free - amount });
}

/** Adds `amount` to `who`'s free balance, creating the account (with an event) if needed. */
export function deposit(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  assertAmount(amount);
  if (amount === 0n) return;
  const account = readAccount(ctx.state, who);
  const free = account.free + amount;
  if (free > MAX_BALANCE) throw fail('Overflow', 'balance would exceed 2^128 - 1');
  const isNew = account.nonce === 0 && account.free === 0n && account.reserved === 0n;
  writeAccount(ctx.state, who, { ...account, free });
  if (isNew) {
    ctx.emit({ tag: 'System', value: { tag: 'NewAccount', value: { account: who } } });
    ctx.emit({ tag: 'Balances', value: { tag: 'Endowed', value: { account: who, free } } });
  }
}

export function transferBalance(ctx: Ctx, from: Uint8Array, to: Uint8Array, amount: bigint): void {
  assertAmount(amount);
  const target = readAccount(ctx.state, to);
  const targetIsNew = target.nonce === 0 && target.free === 0n && target.reserved === 0n;
  if (targetIsNew && amount < RUNTIME.existentialDeposit) {
    throw fail('ExistentialDeposit', `a new account needs at least ${RUNTIME.existentialDeposit} (the existential deposit)`);
  }
  withdraw(ctx, from, amount);
  deposit(ctx, to, amount);
  ctx.emit({ tag: 'Balances', value: { tag: 'Transfer', value: { from, to, amount } } });
}

export function reserve(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  assertAmount(amount);
  const account = readAccount(ctx.state, who);
  if (account.free < amount) throw fail('InsufficientBalance', `free balance ${account.free} is less than ${amount}`);
  if (account.reserved + amount > MAX_BALANCE) throw fail('Overflow', 'reserved balance would exceed 2^128 - 1');
  writeAccount(ctx.state, who, { ...account, free: account.free - amount, reserved: account.reserved + amount });
  ctx.emit({ tag: 'Balances', value: { tag: 'Reserved', value: { who, amount } } });
}

export function unreserve(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  assertAmount(amount);
  const account = readAccount(ctx.state, who);
  if (account.reserved < amount) throw fail('InsufficientReserve', `reserved balance ${account.reserved} is less than ${amount}`);
  if (account.free + amount > MAX_BALANCE) throw fail('Overflow', 'free balance would exceed 2^128 - 1');
  writeAccount(ctx.state, who, { ...account, free: account.free + amount, reserved: account.reserved - amount });
  ctx.emit({ tag: 'Balances', value: { tag: 'Unreserved', value: { who, amount } } });
}

/**
 * Moves `amount` of `from`'s reserved balance to `to`'s free balance (a reserved payment settling:
 * gas). Nothing changes if the reserve is short.
 */
export function repatriateReserved(ctx: Ctx, from: Uint8Array, to: Uint8Array, amount: bigint): void {
  assertAmount(amount);
  const account = readAccount(ctx.state, from);
  if (account.reserved < amount) throw fail('InsufficientReserve', `reserved balance ${account.reserved} is less than ${amount}`);
  writeAccount(ctx.state, from, { ...account, reserved: account.reserved - amount });
  deposit(ctx, to, amount);
  ctx.emit({ tag: 'Balances', value: { tag: 'ReserveRepatriated', value: { from, to, amount } } });
}

const heldOf = (ctx: Pick<Ctx, 'state'>, who: Uint8Array): bigint => Balances.Held.get(ctx.state, who) ?? 0n;

function setHeld(ctx: Pick<Ctx, 'state'>, who: Uint8Array, held: bigint): void {
  if (held === 0n) Balances.Held.remove(ctx.state, who);
  else Balances.Held.set(ctx.state, who, held);
}

/** A pallet reserves `amount` of `who`'s balance and holds it: only a pallet's release frees it. */
export function hold(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  reserve(ctx, who, amount);
  setHeld(ctx, who, heldOf(ctx, who) + amount);
}

/** A pallet releases what it held (to `who`'s free balance). */
export function releaseHold(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  const held = heldOf(ctx, who);
  if (held < amount) throw fail('InsufficientReserve', `only ${held} of this account is held, not ${amount}`);
  unreserve(ctx, who, amount);
  setHeld(ctx, who, held - amount);
}

/** A pallet pays `amount` it held of `from` to `to`'s free balance (gas settling). */
export function repatriateHeld(ctx: Ctx, from: Uint8Array, to: Uint8Array, amount: bigint): void {
  const held = heldOf(ctx, from);
  if (held < amount) throw fail('InsufficientReserve', `only ${held} of this account is held, not ${amount}`);
  repatriateReserved(ctx, from, to, amount);
  setHeld(ctx, from, held - amount);
}

/** What the account may unreserve itself: its reserved balance less what pallets hold. */
export function freeReserve(ctx: Pick<Ctx, 'state'>, who: Uint8Array): bigint {
  return readAccount(ctx.state, who).reserved - heldOf(ctx, who);
}

/**
 * A pallet takes `amount` it held of `who` out of the account altogether (a forfeited bond). The
 * value leaves the balances: the caller puts it somewhere (the treasury pot) or burns it, so that
 * `TotalIssuance` still adds up.
 */
export function slashHeld(ctx: Ctx, who: Uint8Array, amount: bigint): void {
  assertAmount(amount);
  const held = heldOf(ctx, who);
  if (held < amount) throw fail('InsufficientReserve', `only ${held} of this account is held, not ${amount}`);
  const account = readAccount(ctx.state, who);
  writeAccount(ctx.state, who, { ...account, reserved: account.reserved - amount });
  setHeld(ctx, who, held - amount);
  ctx.emit({ tag: 'Balances', value: { tag: 'Slashed', value: { who, amount } } });
}
