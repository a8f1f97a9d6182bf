import { u128 } from '@phalanx/scale';
import { storageValue } from '../../state/storage.js';

export const Balances = {
  /**
   * Every unit that exists: set at genesis (the sum of the genesis balances) and changed only by a
   * mint or a burn, of which there are none yet (fees move to the block author, gas to the gas
   * account, stake into pools). So at every block boundary it equals Σ free + Σ reserved +
   * `StakePool.TotalValue` (+ the treasury when it exists), which the stake-pool property test checks.
   */
  TotalIssuance: storageValue('Balances', 'TotalIssuance', u128),
} as const;
