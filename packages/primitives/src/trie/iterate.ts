/**
 * Ordered iteration: a depth-first walk in nibble order (a branch's own value before its children),
 * which is ascending byte order of keys. Subtrees outside `prefix` or not after `startAfter` are
 * skipped without being loaded.
 */
import { fromNibbles, type HashKey, toNibbles } from './nibbles.js';
import { childAt, EMPTY_KEY, type TrieNode } from './node.js';
import type { NodeLoader } from './store.js';

const PREFIX_OPEN = 1; // the path so far equals prefix[0..q] and is shorter than the prefix
const BOUND_OPEN = 2; // the path so far equals startAfter[0..q]: keys here may still be <= startAfter
const SKIP = -1;

export function* iterateEntries(
  loader: NodeLoader,
  root: HashKey,
  prefix: Uint8Array | undefined,
  startAfter: Uint8Array | undefined,
): Generator<[Uint8Array, Uint8Array], void, undefined> {
  if (root === EMPTY_KEY) return;
  const want = prefix === undefined ? new Uint8Array(0) : toNibbles(prefix);
  const bound = startAfter === undefined ? undefined : toNibbles(startAfter);
  const path = new Uint8Array(1024);

  /** The state after appending `nibbles` at depth q, or SKIP when no key below can be yielded. */
  const extend = (nibbles: ArrayLike<number>, q: number, state: number): number => {
    for (let i = 0; i < nibbles.length && state !== 0; i++) {
      const t = q + i;
      const x = nibbles[i] as number;
      if (state & PREFIX_OPEN) {
        if (x !== want[t]) return SKIP;
        if (t + 1 === want.length) state &= ~PREFIX_OPEN;
      }
      if (state & BOUND_OPEN && bound !== undefined) {
        if (t === bound.length || x > (bound[t] as number)) state &= ~BOUND_OPEN;
        else if (x < (bound[t] as number)) return SKIP;
      }
    }
    return state;
  };

  function* walk(node: TrieNode, q: number, state: number): Generator<[Uint8Array, Uint8Array], void, undefined> {
    if (node.kind === 'branch') {
      if (state === 0 && node.value !== undefined) yield [fromNibbles(path, q), node.value.slice()];
      for (let n = 0; n < 16; n++) {
        const child = childAt(node, n);
        if (child === undefined) continue;
        const next = extend([n], q, state);
        if (next === SKIP) continue;
        path[q] = n;
        yield* walk(loader.load(child), q + 1, next);
      }
      return;
    }
    const next = extend(node.path, q, state);
    if (next === SKIP) return;
    path.set(node.path, q);
    const end = q + node.path.length;
    if (node.kind === 'leaf') {
      if (next === 0) yield [fromNibbles(path, end), node.value.slice()];
    } else {
      yield* walk(loader.load(node.child), end, next);
    }
  }

  const initial = (want.length > 0 ? PREFIX_OPEN : 0) | (bound !== undefined ? BOUND_OPEN : 0);
  yield* walk(loader.load(root), 0, initial);
}
