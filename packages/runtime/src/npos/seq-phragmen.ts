/**
 * Sequential Phragmén, as Substrate's `sp-npos-elections::seq_phragmen` computes it (without the
 * optional balancing post-pass), pure and generic over string ids.
 *
 * Arithmetic. Substrate keeps loads and scores as `Rational128` numbers over one denominator,
 * `DEN = u128::MAX`, every product-quotient rounded down (`multiply_by_rational_with_rounding(…,
 * Down)`) and sums saturating at `u128::MAX`. We compute the same fixed-point rationals exactly in
 * bigint (so nothing overflows: saturation is applied where Substrate saturates), which makes our
 * winners, rounds and integer edge weights bit-identical to Substrate's for inputs within u128.
 * Per round r, for each unelected candidate c with approval stake A_c (Σ stake of its approvers):
 *   score_c = min(⌊DEN / A_c⌋ + Σ_{v → c} ⌊load_v · stake_v / A_c⌋, u128::MAX)   (over DEN),
 * a candidate nobody approves scores +∞ (Substrate: `Rational128::max_value()`). The candidate
 * with the least score wins; ties go to the candidate that comes first in `candidates` (Rust's
 * `min_by_key` keeps the first minimum). Every voter v approving the winner gets
 * edge_load = score − load_v (saturating at 0) and load_v = score. After the last round each edge to
 * a winner weighs ⌊stake_v · edge_load / load_v⌋, zero edges are dropped and the weights are
 * normalised to sum to stake_v exactly (Substrate's `normalize`: the shortfall goes, unit by unit,
 * to the smallest weights first, ties in target order).
 *
 * Speed. Substrate recomputes every candidate's Σ each round (O(rounds × edges)); we keep the Σ per
 * candidate and, when a winner changes its voters' loads, add the change of each affected term.
 * The terms are the same integers, so the result is the same; the work is O(edges × targets).
 *
 * Where we differ from Substrate (documented so nobody is surprised):
 * - Output: integer stakes per edge (Substrate's `StakedAssignment` after `try_normalize_elected`)
 *   instead of per-thing ratios; a winner's `backing` is the sum of the stakes assigned to it (the
 *   same as Substrate's `backed_stake`).
 * - A voter whose every winning edge rounds down to 0 (stake smaller than its number of winning
 *   targets) loses its stake in Substrate; here its whole stake goes to its first winning target, so
 *   every voter that backs a winner has a distribution summing exactly to its stake.
 * - Duplicate candidates are refused (Substrate silently sends the votes to the last copy).
 * Like Substrate, if fewer candidates have approvals than `toElect`, unapproved candidates are
 * elected with backing 0 (in candidate order): the caller strips them if it wants to.
 */
import { invariant, PhalanxError } from '@phalanx/errors';

export interface PhragmenVoter {
  readonly id: string;
  readonly stake: bigint;
  /** Approved candidates; unknown ids and duplicates are ignored (as in Substrate's `setup_inputs`). */
  readonly targets: readonly string[];
}

export interface PhragmenWinner {
  readonly id: string;
  /** Σ of the stakes assigned to this winner. */
  readonly backing: bigint;
}

export interface PhragmenAssignment {
  readonly voter: string;
  /** (winner, stake) in the voter's target order, every stake > 0, summing to the voter's stake. */
  readonly distribution: [string, bigint][];
}

export interface PhragmenResult {
  /** In election order (round 0 first). */
  readonly winners: PhragmenWinner[];
  /** In voter order; voters backing no winner are left out. */
  readonly assignments: PhragmenAssignment[];
}

export const U128_MAX = (1n << 128n) - 1n;
/** Substrate's load denominator. */
const DEN = U128_MAX;
/** Substrate's `Rational128::max_value()` (u128::MAX / 1) expressed over DEN: above every finite score. */
const INFINITE_SCORE = U128_MAX * DEN;

interface Voter {
  readonly id: string;
  readonly budget: bigint;
  /** Candidate indexes, deduplicated, in target order. */
  readonly edges: number[];
  readonly edgeLoads: bigint[];
  /** Per edge, this voter's current term in the candidate's score (so an update costs one product). */
  readonly edgeTerms: bigint[];
  load: bigint;
}

function setup(candidates: readonly string[], voters: readonly PhragmenVoter[]) {
  const index = new Map<string, number>();
  candidates.forEach((id, i) => {
    if (index.has(id)) throw new PhalanxError('INVALID_INPUT', `candidate ${id} is listed twice: list each candidate once`);
    index.set(id, i);
  });
  const approval = new Array<bigint>(candidates.length).fill(0n);
  const backers: number[][] = candidates.map(() => []);
  const prepared: Voter[] = [];
  for (const voter of voters) {
    if (voter.stake < 0n || voter.stake > U128_MAX) {
      throw new PhalanxError('INVALID_INPUT', `voter ${voter.id} has stake ${voter.stake}: stakes are u128`);
    }
    const edges: number[] = [];
    for (const target of voter.targets) {
      const c = index.get(target);
      if (c === undefined || edges.includes(c)) continue;
      edges.push(c);
      const sum = (approval[c] as bigint) + voter.stake;
      approval[c] = sum > U128_MAX ? U128_MAX : sum;
    }
    if (edges.length === 0) continue;
    const v = prepared.length;
    for (const c of edges) (backers[c] as number[]).push(v);
    prepared.push({
      id: voter.id,
      budget: voter.stake,
      edges,
      edgeLoads: edges.map(() => 0n),
      edgeTerms: edges.map(() => 0n),
      load: 0n,
    });
  }
  return { approval, backers, voters: prepared };
}

/** ⌊load · stake / approval⌋: a voter's term in a candidate's score (0 for a zero load). */
function term(load: bigint, stake: bigint, approval: bigint): bigint {
  return load === 0n ? 0n : (load * stake) / approval;
}

/** Substrate's `normalize` of weights whose sum is at most `target` (bump the smallest first). */
export function normalizeUp(weights: readonly bigint[], target: bigint): bigint[] {
  const count = BigInt(weights.length);
  if (count === 0n) return [];
  const sum = weights.reduce((a, b) => a + b, 0n);
  invariant(sum <= target, 'phragmen edge weights never exceed the voter stake');
  if (sum === target) return [...weights];
  const diff = target - sum;
  const perRound = diff / count;
  let leftover = diff % count;
  const sorted = weights.map((w, i) => ({ i, w })).sort((a, b) => (a.w < b.w ? -1 : a.w > b.w ? 1 : 0));
  const threshold = target / count;
  let min = 0;
  const bump = (by: bigint) => {
    const slot = sorted[min] as { i: number; w: bigint };
    slot.w += by;
    if (slot.w >= threshold) min = (min + 1) % sorted.length;
  };
  if (perRound !== 0n) for (let k = 0; k < sorted.length; k++) bump(perRound);
  for (; leftover > 0n; leftover--) bump(1n);
  const out = new Array<bigint>(weights.length);
  for (const { i, w } of sorted) out[i] = w;
  return out;
}

/** Elects up to `toElect` of `candidates` by sequential Phragmén (see the module comment). */
export function seqPhragmen(toElect: number, candidates: readonly string[], voters: readonly PhragmenVoter[]): PhragmenResult {
  if (!Number.isSafeInteger(toElect) || toElect < 0) {
    throw new PhalanxError('INVALID_INPUT', `toElect must be a non-negative integer, got ${toElect}`);
  }
  const { approval, backers, voters: vs } = setup(candidates, voters);
  const n = candidates.length;
  const elected = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  // sums[c] = Σ over c's voters of term(load_v, stake_v, A_c), kept up to date as loads change.
  const sums = new Array<bigint>(n).fill(0n);
  const rounds = Math.min(toElect, n);
  for (let round = 0; round < rounds; round++) {
    let best = -1;
    let bestScore = 0n;
    for (let c = 0; c < n; c++) {
      if (elected[c]) continue;
      const a = approval[c] as bigint;
      let score = INFINITE_SCORE;
      if (a !== 0n) {
        score = DEN / a + (sums[c] as bigint);
        if (score > U128_MAX) score = U128_MAX;
      }
      if (best < 0 || score < bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best < 0) break;
    elected[best] = true;
    order.push(best);
    for (const v of backers[best] as number[]) {
      const voter = vs[v] as Voter;
      const old = voter.load;
      const { edges, edgeLoads, edgeTerms } = voter;
      for (let e = 0; e < edges.length; e++) {
        const c = edges[e] as number;
        if (c === best) edgeLoads[e] = bestScore > old ? bestScore - old : 0n;
        else if (!elected[c] && (approval[c] as bigint) !== 0n) {
          const next = term(bestScore, voter.budget, approval[c] as bigint);
          sums[c] = (sums[c] as bigint) + next - (edgeTerms[e] as bigint);
          edgeTerms[e] = next;
        }
      }
      voter.load = bestScore;
    }
  }
  return finish(candidates, vs, elected, order);
}

function finish(candidates: readonly string[], vs: Voter[], elected: boolean[], order: number[]): PhragmenResult {
  const backing = new Array<bigint>(candidates.length).fill(0n);
  const assignments: PhragmenAssignment[] = [];
  for (const voter of vs) {
    const winning: number[] = [];
    const weights: bigint[] = [];
    voter.edges.forEach((c, e) => {
      if (!elected[c] || voter.load === 0n) return;
      let w = (voter.budget * (voter.edgeLoads[e] as bigint)) / voter.load;
      if (w > U128_MAX) w = U128_MAX;
      if (w === 0n) return;
      winning.push(c);
      weights.push(w);
    });
    let normalized = normalizeUp(weights, voter.budget);
    if (winning.length === 0 && voter.budget > 0n) {
      const first = voter.edges.find((c) => elected[c]);
      if (first === undefined) continue;
      winning.push(first);
      normalized = [voter.budget];
    }
    if (winning.length === 0) continue;
    const distribution: [string, bigint][] = winning.map((c, i) => {
      const stake = normalized[i] as bigint;
      backing[c] = (backing[c] as bigint) + stake;
      return [candidates[c] as string, stake];
    });
    assignments.push({ voter: voter.id, distribution });
  }
  const winners = order.map((c) => ({ id: candidates[c] as string, backing: backing[c] as bigint }));
  return { winners, assignments };
}
