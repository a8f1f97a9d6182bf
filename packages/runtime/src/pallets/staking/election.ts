import { seqPhragmen } from '../../npos/seq-phragmen.js';
import type { StateReader } from '../../state/overlay.js';
import { Staking } from './storage.js';
import type { Exposure, SnapshotVoter } from './types.js';

/**
 * An account id as the election's string id: its 32 bytes as a latin1 string, made natively and
 * flat (thousands per election, each a map key: a hand-built hex rope was a tenth of the block).
 */
function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export interface Elected {
  readonly stash: Uint8Array;
  readonly exposure: Exposure;
}

/**
 * Sequential Phragmén over `candidates` (in candidacy order: ties go to the earlier candidate).
 * Each candidate's own active bond votes for itself; the nominators' targets outside `candidates`
 * are ignored (the other election's candidates). Winners without backing are dropped (Substrate
 * leaves stripping them to the caller). Exposures: own = the self-vote's share, others = the
 * nominators' shares in voter order (highest stake first).
 */
export function elect(
  state: StateReader,
  count: number,
  candidates: readonly Uint8Array[],
  voters: readonly SnapshotVoter[],
): Elected[] {
  const ids = candidates.map(hex);
  const own = new Set(ids);
  const accounts = new Map<string, Uint8Array>(ids.map((id, i) => [id, candidates[i] as Uint8Array]));
  const input = ids.map((id, i) => ({
    id,
    stake: Staking.Ledger.get(state, candidates[i] as Uint8Array)?.active ?? 0n,
    targets: [id],
  }));
  for (const v of voters) {
    const id = hex(v.who);
    // A nominator that became a candidate since the snapshot votes only for itself.
    if (own.has(id)) continue;
    accounts.set(id, v.who);
    input.push({ id, stake: v.stake, targets: v.targets.map(hex) });
  }
  const result = seqPhragmen(count, ids, input);
  const exposures = new Map<string, { own: bigint; others: [Uint8Array, bigint][] }>();
  for (const w of result.winners) exposures.set(w.id, { own: 0n, others: [] });
  for (const a of result.assignments) {
    for (const [target, amount] of a.distribution) {
      const e = exposures.get(target);
      if (e === undefined) continue;
      if (target === a.voter) e.own += amount;
      else e.others.push([accounts.get(a.voter) as Uint8Array, amount]);
    }
  }
  return result.winners
    .filter((w) => w.backing > 0n)
    .map((w) => {
      const e = exposures.get(w.id) as { own: bigint; others: [Uint8Array, bigint][] };
      return { stash: accounts.get(w.id) as Uint8Array, exposure: { total: w.backing, own: e.own, others: e.others } };
    });
}
