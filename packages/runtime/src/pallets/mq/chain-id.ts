import { blake2_256 } from '@phalanx/crypto';
import { encode, str, tuple, u64 } from '@phalanx/scale';

const chainIdCodec = tuple(str(64), u64);

/**
 * The chain-specific domain of enclave signatures (MQ messages, state commits):
 * blake2_256(SCALE(chainName, genesis timestamp)). It stands where other signatures put the
 * genesis hash, because it must be known before the genesis header exists (it is written into
 * the genesis state, which the genesis hash covers). Stored as `Mq.ChainId`.
 */
export function chainIdOf(chainName: string, genesisTimestamp: bigint): Uint8Array {
  return blake2_256(encode(chainIdCodec, [chainName, genesisTimestamp]));
}
