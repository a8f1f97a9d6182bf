import { PhalanxError } from '@phalanx/errors';

/**
 * The CometBFT chain id of a Phalanx chain, derived from its genesis hash so that both the nodes
 * and the enclaves' light clients (which trust only the genesis hash) know it without being told:
 * every CometBFT vote signs it, so a commit of another chain never verifies here.
 */
export function cometbftChainId(genesisHash: Uint8Array): string {
  if (!(genesisHash instanceof Uint8Array) || genesisHash.length !== 32) {
    throw new PhalanxError('INVALID_INPUT', 'genesisHash must be 32 bytes');
  }
  return `phalanx-${Buffer.from(genesisHash.subarray(0, 8)).toString('hex')}`;
}
