import { SignedMessage } from '@phalanx/primitives';
import { enumOf, struct } from '@phalanx/scale';

export const MqCall = enumOf('MqCall', {
  /** Signed by any account (the relaying host's): queues a message signed by its origin's key. */
  pushMessage: struct('pushMessage', { signed: SignedMessage }),
});
