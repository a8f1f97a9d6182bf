import { Hash, Message, MessageOrigin } from '@phalanx/primitives';
import { u32, u64 } from '@phalanx/scale';
import { storageMap, storageValue } from '../../state/storage.js';

export const Mq = {
  /** The signing domain of enclave messages and commits (see chain-id.ts), set at genesis. */
  ChainId: storageValue('Mq', 'ChainId', Hash),
  /** Next sequence expected from each sender (keyed by its SCALE-encoded origin); 0 when absent. */
  Sequences: storageMap('Mq', 'Sequences', MessageOrigin, u64),
  /**
   * This block's accepted messages by position, `0 .. OutboundCount`; cleared when the next block
   * starts. Enclaves read them from verified state at each block.
   */
  Outbound: storageMap('Mq', 'Outbound', u32, Message),
  OutboundCount: storageValue('Mq', 'OutboundCount', u32),
} as const;
