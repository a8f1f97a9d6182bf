import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, option, struct, u64 } from '@phalanx/scale';

export const ConsensusCall = enumOf('ConsensusCall', {
  /** Root: adds, updates (power, operator) or, with power 0, removes a CometBFT validator. */
  setValidator: struct('setValidator', { consensusKey: PublicKey, power: u64, operator: AccountId }),
  /** Root: sets (or with none, removes) a validator's sr25519 VRF key (its vote extensions; see `beacon.ts`). */
  setVrfKey: struct('setVrfKey', { consensusKey: PublicKey, vrfKey: option(PublicKey) }),
});
