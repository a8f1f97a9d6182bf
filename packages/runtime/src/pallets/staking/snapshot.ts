import type { Overlay } from '../../state/overlay.js';
import { readNominators } from './nominator-list.js';
import { Staking } from './storage.js';
import { type SnapshotVoter, STAKING_LIMITS } from './types.js';

/**
 * The voter snapshot. Reading 100k nominators (and their ledgers) in one block would stall it, so
 * the snapshot walks the nominator list `snapshotChunk` nominators per block over the era's last
 * blocks, starting early enough to finish by the election block, the one before the boundary
 * (ceil(count / chunk) + 1 blocks before it). It keeps only the `maxElectingVoters` highest stakes (Substrate's MaxElectingVoters; ties:
 * the earlier in list order), so the election has bounded work. Stakes are read
 * when the walk passes a nominator: a bond changed after that counts from the next election.
 * Nominators added behind the cursor are read when the walk reaches them; removed ones are skipped.
 */
export function progressSnapshot(state: Overlay, now: number, electionBlock: number): void {
  let progress = Staking.SnapshotProgress.get(state);
  if (progress === undefined) {
    const count = Staking.NominatorCount.getOr(state, 0);
    const lead = Math.ceil(count / STAKING_LIMITS.snapshotChunk) + 1;
    if (electionBlock - now > lead) return;
    progress = { cursor: Staking.NominatorHead.get(state), done: false };
    Staking.SnapshotVoters.remove(state);
  }
  if (progress.done) return;
  scan(state, progress.cursor, STAKING_LIMITS.snapshotChunk);
}

/** At the election: reads what the walk has not (all of it if it never started) and hands the voters over. */
export function takeSnapshot(state: Overlay): SnapshotVoter[] {
  const progress = Staking.SnapshotProgress.get(state) ?? { cursor: Staking.NominatorHead.get(state), done: false };
  if (progress.done === false) {
    if (Staking.SnapshotProgress.get(state) === undefined) Staking.SnapshotVoters.remove(state);
    scan(state, progress.cursor, Number.MAX_SAFE_INTEGER);
  }
  const voters = Staking.SnapshotVoters.getOr(state, []);
  Staking.SnapshotVoters.remove(state);
  Staking.SnapshotProgress.remove(state);
  return voters;
}

function scan(state: Overlay, from: Uint8Array | undefined, limit: number): void {
  const { nominators, next } = readNominators(state, from, limit);
  const read: SnapshotVoter[] = [];
  for (const { who, targets } of nominators) {
    const stake = Staking.Ledger.get(state, who)?.active ?? 0n;
    if (stake > 0n) read.push({ who, stake, targets });
  }
  if (read.length > 0) Staking.SnapshotVoters.set(state, keepHighest(Staking.SnapshotVoters.getOr(state, []), read));
  Staking.SnapshotProgress.set(state, { cursor: next, done: next === undefined });
}

/** Merges newly read voters (list order) into the kept ones (stake descending), keeping the highest. */
export function keepHighest(kept: readonly SnapshotVoter[], read: readonly SnapshotVoter[]): SnapshotVoter[] {
  // Array.prototype.sort is stable: among equal stakes the earlier-read voter stays first.
  const incoming = [...read].sort((a, b) => (a.stake > b.stake ? -1 : a.stake < b.stake ? 1 : 0));
  const merged: SnapshotVoter[] = [];
  let i = 0;
  let j = 0;
  const max = STAKING_LIMITS.maxElectingVoters;
  while (merged.length < max && (i < kept.length || j < incoming.length)) {
    const a = kept[i];
    const b = incoming[j];
    // Ties go to the kept voter: it was read earlier in list order.
    if (b === undefined || (a !== undefined && a.stake >= b.stake)) {
      merged.push(a as SnapshotVoter);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  return merged;
}
