import { blake2_256, utf8 } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { hold, releaseHold, repatriateHeld } from '../balances/currency.js';
import { Phat } from './storage.js';
import type { CommandKey, GasReservation } from './types.js';

const fail = palletErrors('Phat');

/**
 * Gas billing of contract commands. A command names a gas limit and a price; the dispatch reserves
 * `limit × price` from its sender, the workers run it with that limit, and the block that carries its
 * receipt (which states the gas used, in the clear) moves `min(used, limit) × price` of the reserve to
 * the gas account and frees the rest. A command whose receipt never comes is refunded in full after
 * `receiptTimeout` blocks. Consensus constants: workers read the limit from the chain's command message.
 */
export const COMMAND_GAS = {
  /** Largest gas limit of one command (about 0.3–0.4 CPU-seconds on the dev machine, see bench/engine-gas.mjs). */
  maxLimit: 1_000_000_000n,
  /** The least a command may ask for: the engine's base charge (one call, nothing done). */
  minLimit: 200_000n,
  /** The least price per gas unit, in planck: a full-limit command costs 0.1 PHA. */
  minPrice: 100n,
  /** Blocks after which a command with no receipt is refunded (workers down, contract gone). */
  receiptTimeout: 600,
} as const;

/**
 * Where gas payments go: an account nobody holds a key of (a hash, not a public key), which the
 * staking work pays workers from. Value moves there, it is never burned.
 */
export const GAS_ACCOUNT: Uint8Array = blake2_256(utf8('phalanx/pallet/phat/gas'));

function assertGasTerms(gasLimit: bigint, gasPrice: bigint): void {
  if (gasLimit < COMMAND_GAS.minLimit || gasLimit > COMMAND_GAS.maxLimit)
    throw fail('InvalidGasLimit', `the gas limit must be within [${COMMAND_GAS.minLimit}, ${COMMAND_GAS.maxLimit}]`);
  if (gasPrice < COMMAND_GAS.minPrice)
    throw fail('GasPriceTooLow', `the gas price must be at least ${COMMAND_GAS.minPrice} planck per gas unit`);
}

/** The reserve a command takes at dispatch (fails without a change when the sender cannot pay it). */
export function reserveGas(ctx: CallContext, payer: Uint8Array, gasLimit: bigint, gasPrice: bigint): GasReservation {
  assertGasTerms(gasLimit, gasPrice);
  hold(ctx, payer, gasLimit * gasPrice);
  return { payer, gasLimit, gasPrice, expiresAt: ctx.block.number + COMMAND_GAS.receiptTimeout };
}

/** Records a reservation until its receipt, and when it runs out. */
export function holdGas(ctx: CallContext, key: CommandKey, held: GasReservation): void {
  Phat.GasReservations.set(ctx.state, key, held);
  const index = Phat.GasExpiryCount.get(ctx.state, held.expiresAt) ?? 0;
  Phat.GasExpiries.set(ctx.state, [held.expiresAt, index], key);
  Phat.GasExpiryCount.set(ctx.state, held.expiresAt, index + 1);
}

/**
 * At a command's receipt: pays for `gasUsed` (capped at the limit) out of its reservation and frees
 * the rest. Nothing happens for a command with no reservation (refunded already after the timeout).
 */
export function settleGas(ctx: CallContext, key: CommandKey, gasUsed: bigint): void {
  const held = Phat.GasReservations.get(ctx.state, key);
  if (held === undefined) return;
  Phat.GasReservations.remove(ctx.state, key);
  const charged = (gasUsed < held.gasLimit ? gasUsed : held.gasLimit) * held.gasPrice;
  const reserved = held.gasLimit * held.gasPrice;
  if (charged > 0n) repatriateHeld(ctx, held.payer, GAS_ACCOUNT, charged);
  if (reserved > charged) releaseHold(ctx, held.payer, reserved - charged);
  const [contract, sequence] = key;
  const used = gasUsed < held.gasLimit ? gasUsed : held.gasLimit;
  ctx.emit({
    tag: 'Phat',
    value: { tag: 'GasSettled', value: { contract, sequence, payer: held.payer, gasUsed: used, charged } },
  });
}

/**
 * Block initialisation: frees the reservations of commands whose receipt did not come within
 * `receiptTimeout` blocks. The work is bounded by the commands of one earlier block.
 */
export function expireGasReservations(ctx: Pick<CallContext, 'state' | 'block' | 'emit'>): void {
  const now = ctx.block.number;
  const count = Phat.GasExpiryCount.get(ctx.state, now);
  if (count === undefined) return;
  Phat.GasExpiryCount.remove(ctx.state, now);
  for (let index = 0; index < count; index++) {
    const key = Phat.GasExpiries.get(ctx.state, [now, index]);
    Phat.GasExpiries.remove(ctx.state, [now, index]);
    const held = key === undefined ? undefined : Phat.GasReservations.get(ctx.state, key);
    if (key === undefined || held === undefined) continue;
    Phat.GasReservations.remove(ctx.state, key);
    const amount = held.gasLimit * held.gasPrice;
    releaseHold(ctx, held.payer, amount);
    const [contract, sequence] = key;
    ctx.emit({ tag: 'Phat', value: { tag: 'GasRefunded', value: { contract, sequence, payer: held.payer, amount } } });
  }
}
