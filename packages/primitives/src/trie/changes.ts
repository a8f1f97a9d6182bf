/** A batch of changes: validation, deduplication and ordering. */
import { PhalanxError } from '@phalanx/errors';
import { hashKey, toNibbles } from './nibbles.js';
import { MAX_KEY_LENGTH, MAX_VALUE_LENGTH } from './node.js';

/** One change: the key as nibbles, and the new value (`undefined` = delete). */
export interface Change {
  readonly nib: Uint8Array;
  readonly value: Uint8Array | undefined;
}

export function checkKey(key: unknown, name = 'key'): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length > MAX_KEY_LENGTH) {
    throw new PhalanxError('INVALID_INPUT', `${name} must be a Uint8Array of at most ${MAX_KEY_LENGTH} bytes`, {
      details: { parameter: name },
    });
  }
}

export function checkValue(value: unknown): asserts value is Uint8Array | undefined {
  if (value !== undefined && (!(value instanceof Uint8Array) || value.length > MAX_VALUE_LENGTH)) {
    throw new PhalanxError(
      'INVALID_INPUT',
      `a trie value must be a Uint8Array of at most ${MAX_VALUE_LENGTH} bytes or undefined`,
      {
        details: { parameter: 'value' },
      },
    );
  }
}

/**
 * Validates, deduplicates (the last change of a key wins) and sorts a batch. Values are not
 * copied: `update` encodes them before it returns, and keeps none of the caller's arrays (leaves
 * are not cached, cached branches point into the store's copy).
 */
export function prepareChanges(changes: Iterable<readonly [Uint8Array, Uint8Array | undefined]>): Change[] {
  const latest = new Map<string, Change>();
  for (const change of changes) {
    if (!Array.isArray(change) || change.length !== 2) {
      throw new PhalanxError('INVALID_INPUT', 'each trie change must be a [key, value | undefined] pair');
    }
    const [key, value] = change as readonly [unknown, unknown];
    checkKey(key);
    checkValue(value);
    latest.set(hashKey(key), { nib: key, value });
  }
  // HashKey order is byte order; nibble order is the same.
  const keys = [...latest.keys()].sort();
  return keys.map((key) => {
    const change = latest.get(key) as Change;
    return { nib: toNibbles(change.nib), value: change.value };
  });
}
