import { LIMITS, MessageOrigin } from '@phalanx/primitives';
import { bytes, enumOf, struct, u64 } from '@phalanx/scale';

export const MqEvent = enumOf('MqEvent', {
  MessageAccepted: struct('MessageAccepted', { origin: MessageOrigin, topic: bytes(LIMITS.mqTopic), sequence: u64 }),
  /** An already-accepted sequence arrived again (e.g. a second gatekeeper's identical copy): ignored. */
  MessageDuplicate: struct('MessageDuplicate', { origin: MessageOrigin, sequence: u64 }),
});
