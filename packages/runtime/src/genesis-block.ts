import { EMPTY_ROOT, type Header, headerHash, trieRootOf, ZERO_HASH, ZERO_SIGNATURE } from '@phalanx/primitives';
import { compactU32, encode } from '@phalanx/scale';
import { buildGenesisState, type GenesisConfig } from './genesis.js';
import type { MapState } from './state/overlay.js';

/**
 * The genesis block of a config: its header (zero parent, author and seal), hash and state. Node
 * and pRuntime light client both derive it here, so they agree on the genesis hash.
 */
export function genesisBlock(config: GenesisConfig): { header: Header; hash: Uint8Array; state: MapState } {
  const state = buildGenesisState(config);
  const header: Header = {
    parentHash: ZERO_HASH,
    number: 0,
    stateRoot: trieRootOf(state.entries()),
    extrinsicsRoot: EMPTY_ROOT,
    timestamp: config.timestamp,
    author: ZERO_HASH,
    seal: ZERO_SIGNATURE,
  };
  return { header, hash: headerHash(header), state };
}

/** Root of a block's extrinsics: the trie of SCALE-compact index → extrinsic bytes. */
export function extrinsicsRoot(extrinsics: readonly Uint8Array[]): Uint8Array {
  return trieRootOf(extrinsics.map((bytes, index) => [encode(compactU32, index), bytes] as [Uint8Array, Uint8Array]));
}
