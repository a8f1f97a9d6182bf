import { equalBytes } from '@phalanx/crypto';
import type { Overlay, StateReader } from '../../state/overlay.js';
import { Staking } from './storage.js';

/**
 * The nominator list: a doubly linked list over `Staking.Nominators` in insertion order. Adding
 * and removing write at most three nodes, and the snapshot walks it in chunks from the head.
 */
export function setNomination(state: Overlay, who: Uint8Array, targets: Uint8Array[]): void {
  const existing = Staking.Nominators.get(state, who);
  if (existing !== undefined) {
    Staking.Nominators.set(state, who, { ...existing, targets });
    return;
  }
  const tail = Staking.NominatorTail.get(state);
  if (tail === undefined) {
    Staking.NominatorHead.set(state, who);
  } else {
    const node = Staking.Nominators.get(state, tail);
    if (node !== undefined) Staking.Nominators.set(state, tail, { ...node, next: who });
  }
  Staking.Nominators.set(state, who, { targets, prev: tail, next: undefined });
  Staking.NominatorTail.set(state, who);
  Staking.NominatorCount.set(state, Staking.NominatorCount.getOr(state, 0) + 1);
}

/** Takes `who` out of the list (nothing if it is no nominator). A snapshot waiting on it moves on. */
export function removeNomination(state: Overlay, who: Uint8Array): void {
  const node = Staking.Nominators.get(state, who);
  if (node === undefined) return;
  const { prev, next } = node;
  if (prev === undefined) {
    if (next === undefined) Staking.NominatorHead.remove(state);
    else Staking.NominatorHead.set(state, next);
  } else {
    const p = Staking.Nominators.get(state, prev);
    if (p !== undefined) Staking.Nominators.set(state, prev, { ...p, next });
  }
  if (next === undefined) {
    if (prev === undefined) Staking.NominatorTail.remove(state);
    else Staking.NominatorTail.set(state, prev);
  } else {
    const n = Staking.Nominators.get(state, next);
    if (n !== undefined) Staking.Nominators.set(state, next, { ...n, prev });
  }
  Staking.Nominators.remove(state, who);
  const count = Staking.NominatorCount.getOr(state, 0) - 1;
  if (count <= 0) Staking.NominatorCount.remove(state);
  else Staking.NominatorCount.set(state, count);
  const progress = Staking.SnapshotProgress.get(state);
  if (progress?.cursor !== undefined && equalBytes(progress.cursor, who)) {
    Staking.SnapshotProgress.set(state, { ...progress, cursor: next });
  }
}

/** Up to `limit` nominators from `from` on (list order), and where the next read starts. */
export function readNominators(
  state: StateReader,
  from: Uint8Array | undefined,
  limit: number,
): { nominators: Array<{ who: Uint8Array; targets: Uint8Array[] }>; next: Uint8Array | undefined } {
  const nominators: Array<{ who: Uint8Array; targets: Uint8Array[] }> = [];
  let cursor = from;
  while (cursor !== undefined && nominators.length < limit) {
    const node = Staking.Nominators.get(state, cursor);
    if (node === undefined) return { nominators, next: undefined };
    nominators.push({ who: cursor, targets: node.targets });
    cursor = node.next;
  }
  return { nominators, next: cursor };
}
