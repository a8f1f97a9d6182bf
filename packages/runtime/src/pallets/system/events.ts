import { AccountId, Hash } from '@phalanx/primitives';
import { enumOf, struct, u32 } from '@phalanx/scale';
import { DispatchErrorRecord } from '../../dispatch/error.js';

export const SystemEvent = enumOf('SystemEvent', {
  ExtrinsicSuccess: struct('ExtrinsicSuccess', { index: u32 }),
  ExtrinsicFailed: struct('ExtrinsicFailed', { index: u32, error: DispatchErrorRecord }),
  NewAccount: struct('NewAccount', { account: AccountId }),
  Remarked: struct('Remarked', { sender: AccountId, hash: Hash }),
});
