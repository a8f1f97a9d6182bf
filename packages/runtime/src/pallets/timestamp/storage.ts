import { u64 } from '@phalanx/scale';
import { storageValue } from '../../state/storage.js';

export const Timestamp = {
  /** The current block's timestamp in milliseconds (from its header). */
  Now: storageValue('Timestamp', 'Now', u64),
} as const;
