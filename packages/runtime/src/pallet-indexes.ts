/**
 * Each pallet's index in `RuntimeCall` and `RuntimeEvent` (the same for both). Part of the
 * encoding: append new pallets, never reuse or reorder an index.
 */
export const PALLET_INDEXES = {
  System: 0,
  Balances: 1,
  Sudo: 2,
  Registry: 3,
  Mq: 4,
  Phat: 5,
  Consensus: 6,
  StakePool: 7,
  Democracy: 8,
  Staking: 9,
  Council: 10,
  Treasury: 11,
  Threshold: 12,
} as const;
