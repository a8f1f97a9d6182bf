import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, struct, u64 } from '@phalanx/scale';
import { OffenceRecord } from './types.js';

export const ConsensusEvent = enumOf('ConsensusEvent', {
  /** A validator was added or changed, or (power 0) removed. */
  ValidatorSet: struct('ValidatorSet', { consensusKey: PublicKey, power: u64, operator: AccountId }),
  /** CometBFT reported misbehaviour (block initialisation); the same record is kept in `Offences`. */
  Offence: OffenceRecord,
});
