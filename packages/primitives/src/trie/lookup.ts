/** Key lookup along one path of the trie, shared by reads, proof generation and proof checking. */
import { PhalanxError } from '@phalanx/errors';
import { type HashKey, keyEndsWith, keyHasAt, nibbleAt } from './nibbles.js';
import { childAt, EMPTY_KEY, type TrieNode } from './node.js';

/** Returns the node of a hash, or throws PhalanxError when it cannot. */
export type LoadNode = (hash: HashKey) => TrieNode;

/**
 * The value under `key` in the trie at `root` (undefined when absent), loading each node on the
 * key's path with `load`. Also checks that every extension leads to a branch (canonical form).
 */
export function lookup(root: HashKey, key: Uint8Array, load: LoadNode): Uint8Array | undefined {
  if (root === EMPTY_KEY) return undefined;
  const end = key.length * 2;
  let node = load(root);
  let i = 0;
  for (;;) {
    if (node.kind === 'leaf') return keyEndsWith(key, i, node.path) ? node.value : undefined;
    if (node.kind === 'ext') {
      if (!keyHasAt(key, i, node.path)) return undefined;
      i += node.path.length;
      node = load(node.child);
      if (node.kind !== 'branch') {
        throw new PhalanxError('CODEC', 'TrieNode: an extension must lead to a branch (non-canonical trie)');
      }
      continue;
    }
    if (i === end) return node.value;
    const child = childAt(node, nibbleAt(key, i));
    if (child === undefined) return undefined;
    i++;
    node = load(child);
  }
}
