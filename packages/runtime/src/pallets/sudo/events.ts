import { AccountId } from '@phalanx/primitives';
import { enumOf, option, struct } from '@phalanx/scale';
import { DispatchErrorRecord } from '../../dispatch/error.js';

export const SudoEvent = enumOf('SudoEvent', {
  /** The root call ran; `error` is set when it failed (its changes were reverted). */
  Sudid: struct('Sudid', { error: option(DispatchErrorRecord) }),
  KeyChanged: struct('KeyChanged', { old: AccountId, new: AccountId }),
});
