/**
 * An open-addressing hash table from 32-byte hashes (given as HashKeys) to non-negative integers,
 * held in typed arrays: no object per entry, nothing for the garbage collector to trace, and one
 * contiguous 32-byte compare per probe. Used by MemoryNodeStore for millions of nodes.
 *
 * The slot of a key mixes its first 8 bytes with two random odd multipliers drawn per table, so
 * that node hashes ground to collide in the table (to slow a node down) cannot be precomputed.
 * The randomness only decides where entries sit in memory, never what the table answers.
 */
import type { HashKey } from './nibbles.js';

const KEY = 32;
const EMPTY = -1;
const MIN_BITS = 10;

function randomOdd(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return ((word[0] as number) | 1) >>> 0;
}

export class HashIndex {
  #bits = MIN_BITS;
  #keys = new Uint8Array(KEY << MIN_BITS);
  #values = new Float64Array(1 << MIN_BITS).fill(EMPTY);
  #size = 0;
  readonly #a = randomOdd();
  readonly #b = randomOdd();

  get size(): number {
    return this.#size;
  }

  #slot(w0: number, w1: number): number {
    return (Math.imul(w0, this.#a) + Math.imul(w1, this.#b)) >>> (32 - this.#bits);
  }

  #slotOfKey(key: HashKey): number {
    const w0 = key.charCodeAt(0) | (key.charCodeAt(1) << 8) | (key.charCodeAt(2) << 16) | (key.charCodeAt(3) << 24);
    const w1 = key.charCodeAt(4) | (key.charCodeAt(5) << 8) | (key.charCodeAt(6) << 16) | (key.charCodeAt(7) << 24);
    return this.#slot(w0, w1);
  }

  #matches(slot: number, key: HashKey): boolean {
    const keys = this.#keys;
    const at = slot * KEY;
    for (let i = 0; i < KEY; i++) if (keys[at + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  get(key: HashKey): number | undefined {
    const mask = (1 << this.#bits) - 1;
    for (let slot = this.#slotOfKey(key); ; slot = (slot + 1) & mask) {
      const value = this.#values[slot] as number;
      if (value === EMPTY) return undefined;
      if (this.#matches(slot, key)) return value;
    }
  }

  /** Sets the value of a key; returns whether the key is new. */
  set(key: HashKey, value: number): boolean {
    const mask = (1 << this.#bits) - 1;
    for (let slot = this.#slotOfKey(key); ; slot = (slot + 1) & mask) {
      const current = this.#values[slot] as number;
      if (current !== EMPTY && !this.#matches(slot, key)) continue;
      this.#values[slot] = value;
      if (current !== EMPTY) return false;
      for (let i = 0; i < KEY; i++) this.#keys[slot * KEY + i] = key.charCodeAt(i);
      if (++this.#size * 4 > 3 << this.#bits) this.#grow(); // load factor 3/4
      return true;
    }
  }

  #grow(): void {
    const oldKeys = this.#keys;
    const oldValues = this.#values;
    this.#bits++;
    this.#keys = new Uint8Array(KEY << this.#bits);
    this.#values = new Float64Array(1 << this.#bits).fill(EMPTY);
    const mask = (1 << this.#bits) - 1;
    for (let old = 0; old < oldValues.length; old++) {
      const value = oldValues[old] as number;
      if (value === EMPTY) continue;
      const at = old * KEY;
      const w0 =
        (oldKeys[at] as number) |
        ((oldKeys[at + 1] as number) << 8) |
        ((oldKeys[at + 2] as number) << 16) |
        ((oldKeys[at + 3] as number) << 24);
      const w1 =
        (oldKeys[at + 4] as number) |
        ((oldKeys[at + 5] as number) << 8) |
        ((oldKeys[at + 6] as number) << 16) |
        ((oldKeys[at + 7] as number) << 24);
      let slot = this.#slot(w0, w1);
      while (this.#values[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.#values[slot] = value;
      this.#keys.set(oldKeys.subarray(at, at + KEY), slot * KEY);
    }
  }
}
