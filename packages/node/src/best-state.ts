import { PhalanxError } from '@phalanx/errors';
import { MemoryNodeStore, MerkleTrie } from '@phalanx/primitives';
import { MapState, type StateChange, type StateReader } from '@phalanx/runtime';

/**
 * The state of the best block, held twice: a flat map (fast reads for execution and RPC) and the
 * Merkle trie (roots and proofs). Trie nodes of earlier roots stay readable until compaction.
 */
export class BestState {
  readonly flat: MapState;
  private trie: MerkleTrie;
  private blocksSinceCompaction = 0;
  private staged: { previousRoot: Uint8Array; changes: readonly StateChange[] } | undefined;

  constructor(flat: MapState, trie: MerkleTrie) {
    this.flat = flat;
    this.trie = trie;
  }

  static fromEntries(entries: Iterable<[Uint8Array, Uint8Array]>): BestState {
    const flat = new MapState();
    const changes: StateChange[] = [];
    for (const [key, value] of entries) changes.push([key, value]);
    flat.apply(changes);
    const trie = new MerkleTrie(new MemoryNodeStore());
    trie.update(changes);
    return new BestState(flat, trie);
  }

  get root(): Uint8Array {
    return this.trie.root;
  }

  /**
   * Moves the trie to the state after `changes` and returns its root; the flat state follows on
   * `commit()`, or the trie goes back on `abort()` (the previous root's nodes are still held).
   */
  stage(changes: readonly StateChange[]): Uint8Array {
    if (this.staged !== undefined) throw new PhalanxError('INTERNAL', 'a block is already staged');
    this.staged = { previousRoot: this.trie.root, changes };
    return this.trie.update(changes).root;
  }

  commit(): void {
    if (this.staged === undefined) throw new PhalanxError('INTERNAL', 'nothing staged');
    this.flat.apply(this.staged.changes);
    this.staged = undefined;
    this.blocksSinceCompaction++;
  }

  abort(): void {
    if (this.staged === undefined) return;
    this.trie = this.trie.at(this.staged.previousRoot);
    this.staged = undefined;
  }

  /** A read view at `root`, if its nodes are still held. */
  at(root: Uint8Array): (StateReader & { trie: MerkleTrie }) | undefined {
    if (Buffer.compare(root, this.trie.root) === 0) return { get: (key) => this.flat.get(key), trie: this.trie };
    let view: MerkleTrie;
    try {
      // Depending on the trie, a root whose nodes are gone fails here (at) or on the first read.
      view = this.trie.at(root);
      view.get(new Uint8Array(1));
    } catch {
      return undefined; // pruned
    }
    return { get: (key) => view.get(key), trie: view };
  }

  /**
   * Drops trie nodes no longer reachable from the best root by rebuilding from the flat state,
   * every `interval` blocks; older roots become unavailable (RPC answers NOT_FOUND for them).
   */
  compactEvery(interval: number): void {
    if (this.blocksSinceCompaction < interval) return;
    const rebuilt = new MerkleTrie(new MemoryNodeStore());
    const changes: StateChange[] = [...this.flat.entries()];
    rebuilt.update(changes);
    this.trie = rebuilt;
    this.blocksSinceCompaction = 0;
  }
}
