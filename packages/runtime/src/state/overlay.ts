import { invariant } from '@phalanx/errors';

/** Read access to committed state (the parent block's), provided by whoever runs the runtime. */
export interface StateReader {
  get(key: Uint8Array): Uint8Array | undefined;
}

export type StateChange = readonly [key: Uint8Array, value: Uint8Array | undefined];

interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
}

const id = (key: Uint8Array): string => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');

/**
 * Pending writes over a `StateReader`, with nested transactions: a failing call rolls back its
 * own writes only. `changes()` lists the net effect (sorted by key), which is what a block
 * commits, what the trie re-roots, and what a pRuntime replays.
 */
export class Overlay implements StateReader {
  private readonly base: StateReader;
  private readonly layers: Map<string, Entry>[] = [new Map()];

  constructor(base: StateReader) {
    this.base = base;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const k = id(key);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const entry = (this.layers[i] as Map<string, Entry>).get(k);
      if (entry !== undefined) return entry.value;
    }
    return this.base.get(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.top().set(id(key), { key, value });
  }

  delete(key: Uint8Array): void {
    this.top().set(id(key), { key, value: undefined });
  }

  /** Runs `fn` in a nested layer: kept if it returns, discarded if it throws (then rethrows). */
  transaction<T>(fn: () => T): T {
    this.layers.push(new Map());
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.layers.pop();
      throw error;
    }
    const layer = this.layers.pop() as Map<string, Entry>;
    const parent = this.top();
    for (const [k, entry] of layer) parent.set(k, entry);
    return result;
  }

  get depth(): number {
    return this.layers.length - 1;
  }

  /** Net changes against the base, sorted by key bytes. Only valid outside transactions. */
  changes(): StateChange[] {
    invariant(this.layers.length === 1, 'changes() read inside an open transaction');
    const entries = [...(this.layers[0] as Map<string, Entry>).entries()];
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // latin1 order = byte order
    const out: StateChange[] = [];
    for (const [, entry] of entries) {
      const before = this.base.get(entry.key);
      if (entry.value === undefined ? before === undefined : before !== undefined && Buffer.compare(before, entry.value) === 0)
        continue;
      out.push([entry.key, entry.value]);
    }
    return out;
  }

  private top(): Map<string, Entry> {
    return this.layers[this.layers.length - 1] as Map<string, Entry>;
  }
}

/** A `StateReader` over a plain map (tests, genesis, the light client's working copy). */
export class MapState implements StateReader {
  readonly map = new Map<string, Uint8Array>();

  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(id(key));
  }

  apply(changes: Iterable<StateChange>): void {
    for (const [key, value] of changes) {
      if (value === undefined) this.map.delete(id(key));
      else this.map.set(id(key), value);
    }
  }

  *entries(): Generator<[Uint8Array, Uint8Array]> {
    for (const [k, value] of this.map) yield [new Uint8Array(Buffer.from(k, 'latin1')), value];
  }
}

export const stateKeyId = id;
