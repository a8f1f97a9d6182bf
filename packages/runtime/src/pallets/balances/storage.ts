import { AccountId } from '@phalanx/primitives';
import { u128 } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';

export const Balances = {
  /**
   * Every unit that exists: set at genesis (the sum of the genesis balances) and changed only by a
   * mint or a burn, of which there are none yet (fees move to the block author, gas to the gas
   * account, stake into pools). So at every block boundary it equals Σ free + Σ reserved +
   * `StakePool.TotalValue` (+ the treasury when it exists), which the stake-pool property test checks.
   */
  TotalIssuance: storageValue('Balances', 'TotalIssuance', u128),
  /**
   * The part of an account's reserved balance that pallets hold (gas reservations, code deposits,
   * democracy deposits and votes): the public `unreserve` call cannot free it, only the pallet that
   * holds it (unset = 0).
   */
  Held: storageMap('Balances', 'Held', AccountId, u128),
} as const;
