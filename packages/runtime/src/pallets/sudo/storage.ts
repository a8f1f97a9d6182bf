import { AccountId } from '@phalanx/primitives';
import { storageValue } from '../../state/storage.js';

export const Sudo = {
  /** The account allowed to dispatch root calls (dev governance until a governance pallet). */
  Key: storageValue('Sudo', 'Key', AccountId),
} as const;
