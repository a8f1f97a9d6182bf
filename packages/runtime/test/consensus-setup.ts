// Shared by the consensus tests: deterministic ed25519 consensus keys, keys that are no valid
// validator key, the set_validator call, a dev genesis with validators, and a block runner that
// passes CometBFT misbehaviour in the BlockEnv.
import { blake2_256, Ed25519Keypair, utf8 } from '@phalanx/crypto';
import {
  BlockExecutor,
  buildGenesisState,
  Consensus,
  devGenesisConfig,
  type EventRecord,
  type GenesisConfig,
  type GenesisValidator,
  type MapState,
  type Misbehaviour,
  type RuntimeCall,
  type StateChange,
  type StateReader,
  validatorAddress,
} from '../src/index.js';
import { dev, GENESIS_TIME } from './pallet-helpers.js';

const keyCache = new Map<number, Uint8Array>();
/** The ed25519 public key of test validator `i` (a real key pair's: deterministic seed). */
export function vkey(i: number): Uint8Array {
  let key = keyCache.get(i);
  if (key === undefined) {
    key = Ed25519Keypair.fromSeed(blake2_256(utf8(`phalanx/test/validator/${i}`))).publicKey;
    keyCache.set(i, key);
  }
  return key;
}

/** 32 bytes with no curve point: y = 2 is not the y of any ed25519 point. */
export const NOT_A_POINT = (() => {
  const bytes = new Uint8Array(32);
  bytes[0] = 2;
  return bytes;
})();

/** The identity point: decodes, but has order 1 (any signature "verifies" under it). */
export const SMALL_ORDER = (() => {
  const bytes = new Uint8Array(32);
  bytes[0] = 1;
  return bytes;
})();

export function setValidator(consensusKey: Uint8Array, power: bigint, operator: Uint8Array = dev.bob.publicKey): RuntimeCall {
  return { tag: 'Consensus', value: { tag: 'setValidator', value: { consensusKey, power, operator } } };
}

/** `n` validators 0..n-1 of power `power` each, operated by Bob. */
export function validators(n: number, power = 10n): GenesisValidator[] {
  return Array.from({ length: n }, (_, i) => ({ consensusKey: vkey(i), power, operator: dev.bob.publicKey }));
}

/** The dev genesis (Alice sudo and author) with a validator set. */
export function withValidators(list: readonly GenesisValidator[]): GenesisConfig {
  return { ...devGenesisConfig(GENESIS_TIME), validators: list };
}

export function genesisWith(list: readonly GenesisValidator[]): MapState {
  return buildGenesisState(withValidators(list));
}

/** What `state` says about validator `key`, or undefined. */
export function validatorOf(state: StateReader, key: Uint8Array) {
  return Consensus.Validators.get(state, key);
}

export function addressOf(i: number): Uint8Array {
  return validatorAddress(vkey(i));
}

/** Runs block `number` over `state` with `misbehaviour` and no extrinsics; applies its changes. */
export function runEvidenceBlock(
  state: MapState,
  number: number,
  misbehaviour?: readonly Misbehaviour[],
): { events: EventRecord[]; changes: StateChange[] } {
  const env = {
    number,
    timestamp: GENESIS_TIME + BigInt(number) * 6000n,
    author: dev.ferdie.publicKey,
    parentHash: blake2_256(utf8(`parent-${number}`)),
    ...(misbehaviour === undefined ? {} : { misbehaviour }),
  };
  const executor = new BlockExecutor(state, env, new Uint8Array(64));
  const { events, changes } = executor.finalize();
  state.apply(changes);
  return { events, changes };
}
