import { u32, u128, vec } from '@phalanx/scale';
import type { StateReader } from '../../state/overlay.js';
import { storageMap, storageValue } from '../../state/storage.js';
import { DEFAULT_TREASURY_PARAMS, SpendProposal, TREASURY_LIMITS, TreasuryParams } from './types.js';

export const Treasury = {
  /** Chain parameters (unset: `DEFAULT_TREASURY_PARAMS`). */
  Params: storageValue('Treasury', 'Params', TreasuryParams),
  /**
   * What the treasury owns: a number, not an account (no key can spend it; only an approved spend
   * or the burn takes from it). Part of `Balances.TotalIssuance` (unset = 0).
   */
  Pot: storageValue('Treasury', 'Pot', u128),
  /** The next spend proposal's id (unset = 0). */
  ProposalCount: storageValue('Treasury', 'ProposalCount', u32),
  /** Spend proposals not yet paid or rejected (approved ones too, until paid). */
  Proposals: storageMap('Treasury', 'Proposals', u32, SpendProposal),
  /** Approved proposals, in approval order: the order a spend period pays them in. */
  Approvals: storageValue('Treasury', 'Approvals', vec(u32, TREASURY_LIMITS.maxApprovals, 4)),
} as const;

export function treasuryParams(state: StateReader): TreasuryParams {
  return Treasury.Params.getOr(state, DEFAULT_TREASURY_PARAMS);
}
