import { AccountId } from '@phalanx/primitives';
import { enumOf, struct, u128 } from '@phalanx/scale';

export const BalancesEvent = enumOf('BalancesEvent', {
  Transfer: struct('Transfer', { from: AccountId, to: AccountId, amount: u128 }),
  Endowed: struct('Endowed', { account: AccountId, free: u128 }),
  Reserved: struct('Reserved', { who: AccountId, amount: u128 }),
  Unreserved: struct('Unreserved', { who: AccountId, amount: u128 }),
  /** Reserved balance paid to another account (gas settling). */
  ReserveRepatriated: struct('ReserveRepatriated', { from: AccountId, to: AccountId, amount: u128 }),
  FeePaid: struct('FeePaid', { who: AccountId, fee: u128, tip: u128 }),
  /** Held balance taken out of an account (a forfeited bond; where it went, the pallet's event says). */
  Slashed: struct('Slashed', { who: AccountId, amount: u128 }),
});
