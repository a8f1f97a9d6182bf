import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, struct, u64 } from '@phalanx/scale';

export const ConsensusCall = enumOf('ConsensusCall', {
  /** Root: adds, updates (power, operator) or, with power 0, removes a CometBFT validator. */
  setValidator: struct('setValidator', { consensusKey: PublicKey, power: u64, operator: AccountId }),
});
