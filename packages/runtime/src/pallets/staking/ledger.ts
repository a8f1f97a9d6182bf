import { palletErrors } from '../../dispatch/error.js';
import type { Overlay, StateReader } from '../../state/overlay.js';
import { Staking } from './storage.js';
import { DEFAULT_STAKING_PARAMS, type StakingLedger, type StakingParams } from './types.js';

export const fail = palletErrors('Staking');

export function stakingParams(state: StateReader): StakingParams {
  return Staking.Params.getOr(state, DEFAULT_STAKING_PARAMS);
}

export function currentEra(state: StateReader): number {
  return Staking.CurrentEra.getOr(state, 0);
}

/** The caller's ledger, or `NotBonded`. */
export function loadLedger(state: StateReader, who: Uint8Array): StakingLedger {
  const ledger = Staking.Ledger.get(state, who);
  if (ledger === undefined) throw fail('NotBonded', 'this account has bonded nothing: call staking.bond first');
  return ledger;
}

/** Writes a ledger; an empty one (nothing held) is removed. */
export function writeLedger(state: Overlay, who: Uint8Array, ledger: StakingLedger): void {
  if (ledger.total === 0n) Staking.Ledger.remove(state, who);
  else Staking.Ledger.set(state, who, ledger);
}

/** Whether the account is a validator or gatekeeper candidate, or a nominator. */
export function roleOf(state: StateReader, who: Uint8Array): 'validator' | 'gatekeeper' | 'nominator' | undefined {
  if (Staking.Validators.has(state, who)) return 'validator';
  if (Staking.Gatekeepers.has(state, who)) return 'gatekeeper';
  if (Staking.Nominators.has(state, who)) return 'nominator';
  return undefined;
}

/** The least active bond the account's role needs (0 without a role). */
export function minBondOf(state: StateReader, who: Uint8Array): bigint {
  const params = stakingParams(state);
  const role = roleOf(state, who);
  if (role === 'nominator') return params.minNominatorBond;
  if (role === undefined) return 0n;
  return params.minValidatorBond;
}
