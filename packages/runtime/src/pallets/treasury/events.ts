import { AccountId } from '@phalanx/primitives';
import { enumOf, struct, u32, u128 } from '@phalanx/scale';
import { TreasuryParams } from './types.js';

/** Treasury events (RuntimeEvent variant 11). Variant order is part of the encoding: append only. */
export const TreasuryEvent = enumOf('TreasuryEvent', {
  Proposed: struct('Proposed', { id: u32, proposer: AccountId, value: u128, beneficiary: AccountId, bond: u128 }),
  Approved: struct('Approved', { id: u32 }),
  /** A rejected proposal: its bond went to the pot. */
  Rejected: struct('Rejected', { id: u32, slashed: u128 }),
  /** An approved spend was paid from the pot (its bond returned). */
  Awarded: struct('Awarded', { id: u32, value: u128, beneficiary: AccountId }),
  /** Burned from the pot at the end of a spend period (`Balances.TotalIssuance` fell by it). */
  Burnt: struct('Burnt', { amount: u128 }),
  /** What the pot holds after a spend period. */
  Rollover: struct('Rollover', { pot: u128 }),
  /** Value put into the pot by a pallet's call (a forfeited bond). */
  Deposit: struct('Deposit', { value: u128 }),
  ParamsSet: TreasuryParams,
});
