import { sha256 } from '@phalanx/crypto';
import { VALIDATOR_ADDRESS_LENGTH } from './types.js';

/** A validator's CometBFT address: the first 20 bytes of sha256 of its ed25519 public key. */
export function validatorAddress(consensusKey: Uint8Array): Uint8Array {
  return sha256(consensusKey).slice(0, VALIDATOR_ADDRESS_LENGTH);
}
