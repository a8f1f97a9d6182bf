import { AccountId } from '@phalanx/primitives';
import { enumOf, struct, u32, u128 } from '@phalanx/scale';
import { TreasuryParams } from './types.js';

/** Treasury calls (RuntimeCall variant 11). Variant order is part of the encoding: append only. */
export const TreasuryCall = enumOf('TreasuryCall', {
  /** Asks for `value` from the pot for `beneficiary`; holds the proposal bond of the caller. */
  proposeSpend: struct('proposeSpend', { value: u128, beneficiary: AccountId }),
  /** Council ≥ 3/5 or root: the spend is paid at a coming spend period. */
  approveSpend: struct('approveSpend', { id: u32 }),
  /** Council ≥ 3/5 or root: the proposal is dropped and its bond goes to the pot. */
  rejectSpend: struct('rejectSpend', { id: u32 }),
  /** Root: the parameters. */
  setParams: struct('setParams', { params: TreasuryParams }),
});
