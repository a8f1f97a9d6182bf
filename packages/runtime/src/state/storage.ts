import { blake2_128, concatBytes, utf8 } from '@phalanx/crypto';
import { type Codec, decode, encode } from '@phalanx/scale';
import type { Overlay, StateReader } from './overlay.js';

/**
 * Typed storage items, laid out as Substrate does: key = blake2_128(pallet) ‖ blake2_128(item)
 * [‖ blake2_128(SCALE(mapKey)) ‖ SCALE(mapKey)] ("blake2_128concat": spread evenly across the
 * trie, and the map key stays readable from the storage key). Values are SCALE.
 */
export function storagePrefix(pallet: string, item: string): Uint8Array {
  return concatBytes(blake2_128(utf8(pallet)), blake2_128(utf8(item)));
}

export interface StorageValue<T> {
  readonly key: Uint8Array;
  get(state: StateReader): T | undefined;
  getOr(state: StateReader, fallback: T): T;
  set(state: Overlay, value: T): void;
  remove(state: Overlay): void;
}

export function storageValue<T>(pallet: string, item: string, codec: Codec<T>): StorageValue<T> {
  const key = storagePrefix(pallet, item);
  const read = (state: StateReader) => {
    const raw = state.get(key);
    return raw === undefined ? undefined : decode(codec, raw);
  };
  return {
    key,
    get: read,
    getOr: (state, fallback) => read(state) ?? fallback,
    set: (state, value) => state.set(key, encode(codec, value)),
    remove: (state) => state.delete(key),
  };
}

export interface StorageMap<K, V> {
  readonly prefix: Uint8Array;
  keyOf(mapKey: K): Uint8Array;
  /** The map key inside a full storage key of this map (for iteration and dumps). */
  mapKeyOf(storageKey: Uint8Array): K;
  get(state: StateReader, mapKey: K): V | undefined;
  has(state: StateReader, mapKey: K): boolean;
  set(state: Overlay, mapKey: K, value: V): void;
  remove(state: Overlay, mapKey: K): void;
}

/** Storage keys remembered per map (cleared when full). Keys are immutable once made: never write into one. */
const KEY_CACHE_SIZE = 65_536;

export function storageMap<K, V>(pallet: string, item: string, keyCodec: Codec<K>, valueCodec: Codec<V>): StorageMap<K, V> {
  const prefix = storagePrefix(pallet, item);
  // Hot maps (accounts) are keyed by the same few keys again and again: remember their storage keys.
  const cache = new Map<string, Uint8Array>();
  const keyOf = (mapKey: K) => {
    const encoded = encode(keyCodec, mapKey);
    const id = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength).toString('latin1');
    let key = cache.get(id);
    if (key === undefined) {
      key = new Uint8Array(prefix.length + 16 + encoded.length);
      key.set(prefix, 0);
      key.set(blake2_128(encoded), prefix.length);
      key.set(encoded, prefix.length + 16);
      if (cache.size >= KEY_CACHE_SIZE) cache.clear();
      cache.set(id, key);
    }
    return key;
  };
  return {
    prefix,
    keyOf,
    mapKeyOf: (storageKey) => decode(keyCodec, storageKey.subarray(prefix.length + 16)),
    get(state, mapKey) {
      const raw = state.get(keyOf(mapKey));
      return raw === undefined ? undefined : decode(valueCodec, raw);
    },
    has: (state, mapKey) => state.get(keyOf(mapKey)) !== undefined,
    set: (state, mapKey, value) => state.set(keyOf(mapKey), encode(valueCodec, value)),
    remove: (state, mapKey) => state.delete(keyOf(mapKey)),
  };
}
