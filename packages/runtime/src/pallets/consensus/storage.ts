import { PublicKey } from '@phalanx/primitives';
import { vec } from '@phalanx/scale';
import { storageValue } from '../../state/storage.js';

export const Consensus = {
  /**
   * The sr25519 keys allowed to author (seal) blocks. Set at genesis; the node's consensus engine
   * and the pRuntime light client both check seals against this set read from verified state.
   */
  Authorities: storageValue('Consensus', 'Authorities', vec(PublicKey, 100)),
} as const;
