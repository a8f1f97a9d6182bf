import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, option, struct, u64 } from '@phalanx/scale';
import { OffenceRecord } from './types.js';

export const ConsensusEvent = enumOf('ConsensusEvent', {
  /** A validator was added or changed, or (power 0) removed. */
  ValidatorSet: struct('ValidatorSet', { consensusKey: PublicKey, power: u64, operator: AccountId }),
  /** CometBFT reported misbehaviour (block initialisation); the same record is kept in `Offences`. */
  Offence: OffenceRecord,
  /** A validator's VRF key was set or (none) removed; it signs vote extensions from the next height on. */
  VrfKeySet: struct('VrfKeySet', { consensusKey: PublicKey, vrfKey: option(PublicKey) }),
});
