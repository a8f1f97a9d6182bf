import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import type { Overlay } from '../../state/overlay.js';
import { Balances } from '../balances/storage.js';
import { validatorAddress } from '../consensus/address.js';
import { Consensus } from '../consensus/storage.js';
import type { OffenceRecord } from '../consensus/types.js';
import { readAccount, writeAccount } from '../system/account.js';
import { settleSlash } from '../treasury/pot.js';
import { currentEra, stakingParams, writeLedger } from './ledger.js';
import { clearRoles } from './roles.js';
import { Staking } from './storage.js';
import { STAKING_LIMITS } from './types.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/** The smaller of two bigints (Math.min takes numbers only). */
function least(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/**
 * Takes up to `amount` out of `who`'s bonded (held) balance: the active bond first, then the
 * unlocking chunks, latest first. Returns what it took (less when the bond is smaller), which the
 * caller hands to `settleSlash`. A ledger slashed to nothing ends the account's roles.
 */
export function slashBonded(state: Overlay, who: Uint8Array, amount: bigint): bigint {
  const ledger = Staking.Ledger.get(state, who);
  if (ledger === undefined || amount === 0n) return 0n;
  const take = least(amount, ledger.total);
  let left = take;
  const fromActive = least(left, ledger.active);
  left -= fromActive;
  const unlocking = [...ledger.unlocking];
  for (let i = unlocking.length - 1; i >= 0 && left > 0n; i--) {
    const chunk = unlocking[i] as { value: bigint; era: number };
    const cut = least(left, chunk.value);
    unlocking[i] = { ...chunk, value: chunk.value - cut };
    left -= cut;
  }
  const total = ledger.total - take;
  writeLedger(state, who, { total, active: ledger.active - fromActive, unlocking: unlocking.filter((c) => c.value > 0n) });
  const account = readAccount(state, who);
  writeAccount(state, who, { ...account, reserved: account.reserved - take });
  const held = (Balances.Held.get(state, who) ?? 0n) - take;
  if (held === 0n) Balances.Held.remove(state, who);
  else Balances.Held.set(state, who, held);
  if (total === 0n) clearRoles(state, who);
  return take;
}

/** The era whose exposures were in force at block `height` (within the kept history), or undefined. */
export function eraOfHeight(state: Overlay, height: bigint): number | undefined {
  const era = currentEra(state);
  for (let e = era; e >= 0 && e >= era - STAKING_LIMITS.historyDepth; e--) {
    const start = e === 0 ? 0 : Staking.ErasStart.get(state, e);
    if (start === undefined) return undefined;
    if (height >= BigInt(start)) return e;
  }
  return undefined;
}

/**
 * The offences consensus recorded in this block: each slashes `offenceSlash` ppm of what the
 * offender and each of its nominators had exposed in the era of the offence (rounded down), from
 * their bonded balance, once per offence (kind, address, height). Offences of validators staking
 * did not elect (genesis or sudo validators), or older than the kept history, slash nothing.
 */
export function slashOffences(ctx: Ctx, blockNumber: number): void {
  const records = Consensus.Offences.get(ctx.state, blockNumber);
  if (records === undefined) return;
  const ppm = BigInt(stakingParams(ctx.state).offenceSlash);
  if (ppm === 0n) return;
  for (const record of records) slashOffence(ctx, record, ppm);
}

function slashOffence(ctx: Ctx, record: OffenceRecord, ppm: bigint): void {
  const id: [Uint8Array, bigint, number] = [record.address, record.height, record.kind.tag === 'DuplicateVote' ? 0 : 1];
  if (Staking.SlashedOffences.has(ctx.state, id)) return;
  Staking.SlashedOffences.set(ctx.state, id, null);
  const era = eraOfHeight(ctx.state, record.height);
  if (era === undefined) return;
  const validator = (Staking.ErasValidators.get(ctx.state, era) ?? []).find((v) =>
    equalBytes(validatorAddress(v.consensusKey), record.address),
  );
  if (validator === undefined) return;
  const exposure = Staking.ErasStakers.get(ctx.state, [era, validator.stash]);
  if (exposure === undefined) return;
  const scale = BigInt(STAKING_LIMITS.ppm);
  let amount = slashBonded(ctx.state, validator.stash, (exposure.own * ppm) / scale);
  for (const [who, exposed] of exposure.others) amount += slashBonded(ctx.state, who, (exposed * ppm) / scale);
  settleSlash(ctx.state, amount);
  ctx.emit({
    tag: 'Staking',
    value: { tag: 'OffenceSlashed', value: { validator: validator.stash, era, amount, accounts: exposure.others.length + 1 } },
  });
}
