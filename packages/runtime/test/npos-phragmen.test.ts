// Sequential Phragmén (src/npos/seq-phragmen.ts): Substrate's own test expectations
// (vectors/phragmen-substrate.json), and a fast-check property over small random elections checked
// against brute force.
//
// What the property checks, and why. Seq-Phragmén is not a maximin-optimal rule (Substrate's
// phragmen.rs: "ensured to achieve PJR, yet, it does not achieve a constant factor approximation to
// the Maximin problem"), so we do not compare its minimum support with the optimum beyond sanity:
//  (a) its result is a feasible support distribution (each voter's stake split exactly among the
//      winners it approves) and so its minimum support is at most the brute-force maximin value
//      (the best minimum support over every committee of the same size and every distribution);
//  (b) Proportional Justified Representation, which is proven for seq-Phragmén (Brill, Freeman,
//      Janson, Lackner, "Phragmén's voting methods and proportional representation", AAAI 2017,
//      PJR as defined by Sánchez-Fernández et al., "Proportional justified representation", AAAI
//      2017). With stakes as weights (a voter of stake s is s identical unit voters, and
//      seq-Phragmén treats those copies identically) it reads: for every group N of voters and every
//      ℓ ≤ k, if the candidates all of N approve number at least ℓ and k · stake(N) ≥ ℓ · total
//      stake, then at least ℓ winners are approved by some member of N. We check it over every
//      subset of voters exactly (integer arithmetic, no tolerance).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { normalizeUp, type PhragmenVoter, seqPhragmen } from '../src/npos/seq-phragmen.js';
import substrate from './vectors/phragmen-substrate.json' with { type: 'json' };

type Voters = [string, string, string[]][];
const voters = (list: Voters): PhragmenVoter[] => list.map(([id, stake, targets]) => ({ id, stake: BigInt(stake), targets }));

describe("seqPhragmen: Substrate's test vectors", () => {
  for (const v of substrate.vectors) {
    test(v.name, () => {
      const result = seqPhragmen(v.toElect, v.candidates, voters(v.voters as Voters));
      assert.deepEqual(
        result.winners.map((w) => w.id),
        v.winners.map(([id]) => id),
      );
      v.winners.forEach(([, backing], i) => {
        if (backing !== null)
          assert.equal(result.winners[i]?.backing, BigInt(backing as string), `backing of ${v.winners[i]?.[0]}`);
      });
      const assignments = new Map(result.assignments.map((a) => [a.voter, a.distribution]));
      for (const [voter, distribution] of (v as { assignments?: [string, [string, string][]][] }).assignments ?? []) {
        assert.deepEqual(
          assignments.get(voter),
          distribution.map(([t, s]) => [t, BigInt(s)]),
          `distribution of ${voter}`,
        );
      }
      for (const [voter, targets] of (v as { assignmentTargets?: [string, string[]][] }).assignmentTargets ?? []) {
        assert.deepEqual(
          assignments.get(voter)?.map(([t]) => t),
          targets,
          `targets of ${voter}`,
        );
      }
    });
  }

  test("Substrate's normalize: the shortfall goes to the smallest weights first", () => {
    // voter_normalize_ops_works: [33, 30] (elected edges) normalised to 100 → [34, 66].
    assert.deepEqual(normalizeUp([33n, 30n], 100n), [34n, 66n]);
    // staked_assignment_can_normalize: [33, 66] → [34, 66].
    assert.deepEqual(normalizeUp([33n, 66n], 100n), [34n, 66n]);
  });

  test('duplicate candidates and out-of-range stakes are refused with typed errors', () => {
    assert.throws(() => seqPhragmen(1, ['a', 'a'], []), { code: 'INVALID_INPUT' });
    assert.throws(() => seqPhragmen(1, ['a'], [{ id: 'v', stake: -1n, targets: ['a'] }]), { code: 'INVALID_INPUT' });
    assert.throws(() => seqPhragmen(-1, ['a'], []), { code: 'INVALID_INPUT' });
  });

  test('a voter too small to split still has its whole stake assigned', () => {
    const r = seqPhragmen(
      2,
      ['a', 'b'],
      voters([
        ['v', '1', ['a', 'b']],
        ['w', '1000', ['a']],
        ['x', '1000', ['b']],
      ]),
    );
    const v = r.assignments.find((a) => a.voter === 'v');
    assert.equal(
      v?.distribution.reduce((s, [, x]) => s + x, 0n),
      1n,
    );
  });
});

/** Max flow from voters to the committee with each winner's sink capacity `t`: can every winner get t? */
function canSupport(committee: number[], vs: { stake: number; targets: number[] }[], t: number): boolean {
  // Nodes: 0 source, 1..V voters, V+1..V+K winners, V+K+1 sink. Small graphs: plain augmenting paths.
  const V = vs.length;
  const K = committee.length;
  const size = V + K + 2;
  const cap = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const sink = size - 1;
  vs.forEach((v, i) => {
    (cap[0] as number[])[i + 1] = v.stake;
    committee.forEach((c, j) => {
      if (v.targets.includes(c)) (cap[i + 1] as number[])[V + 1 + j] = v.stake;
    });
  });
  for (let j = 0; j < K; j++) (cap[V + 1 + j] as number[])[sink] = t;
  let flow = 0;
  for (;;) {
    const prev = new Array<number>(size).fill(-1);
    prev[0] = 0;
    const queue = [0];
    while (queue.length > 0 && prev[sink] === -1) {
      const u = queue.shift() as number;
      for (let w = 0; w < size; w++) {
        if (prev[w] === -1 && ((cap[u] as number[])[w] as number) > 0) {
          prev[w] = u;
          queue.push(w);
        }
      }
    }
    if (prev[sink] === -1) break;
    let push = Infinity;
    for (let w = sink; w !== 0; w = prev[w] as number) push = Math.min(push, (cap[prev[w] as number] as number[])[w] as number);
    for (let w = sink; w !== 0; w = prev[w] as number) {
      const u = prev[w] as number;
      const forward = cap[u] as number[];
      const backward = cap[w] as number[];
      forward[w] = (forward[w] as number) - push;
      backward[u] = (backward[u] as number) + push;
    }
    flow += push;
  }
  return flow >= t * K;
}

function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n - 1])];
}

const election = fc.record({
  candidates: fc.integer({ min: 1, max: 6 }),
  toElect: fc.integer({ min: 1, max: 6 }),
  voters: fc.array(
    fc.record({
      stake: fc.integer({ min: 0, max: 100 }),
      targets: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 6 }),
    }),
    { maxLength: 8 },
  ),
});

describe('seqPhragmen: properties against brute force (≤ 6 candidates, ≤ 8 voters)', () => {
  test('feasible distributions, min support ≤ brute-force maximin, and PJR', () => {
    fc.assert(
      fc.property(election, ({ candidates, toElect, voters: raw }) => {
        // Target 6 may be outside the candidate list: such votes are ignored, as in Substrate.
        const names = Array.from({ length: candidates }, (_, i) => `c${i}`);
        const input = raw.map((v, i) => ({ id: `v${i}`, stake: BigInt(v.stake), targets: v.targets.map((t) => `c${t}`) }));
        const result = seqPhragmen(toElect, names, input);
        const k = result.winners.length;
        assert.equal(k, Math.min(toElect, candidates));
        const winners = new Set(result.winners.map((w) => w.id));
        // Feasibility: exact sums, only approved winners, backing = Σ assigned.
        const backing = new Map<string, bigint>();
        for (const a of result.assignments) {
          const voter = input.find((v) => v.id === a.voter);
          assert.ok(voter);
          assert.equal(
            a.distribution.reduce((s, [, x]) => s + x, 0n),
            voter.stake,
          );
          for (const [t, x] of a.distribution) {
            assert.ok(x > 0n && winners.has(t) && voter.targets.includes(t));
            backing.set(t, (backing.get(t) ?? 0n) + x);
          }
        }
        for (const w of result.winners) assert.equal(w.backing, backing.get(w.id) ?? 0n);
        // A voter left out backs no winner.
        for (const v of input) {
          if (v.stake > 0n && !result.assignments.some((a) => a.voter === v.id)) {
            assert.ok(!v.targets.some((t) => winners.has(t)));
          }
        }
        // (a) brute-force maximin over all committees of size k (integer t: the floor of the optimum).
        const vs = raw.map((v) => ({ stake: v.stake, targets: v.targets.filter((t) => t < candidates) }));
        const minSupport = Math.min(...result.winners.map((w) => Number(w.backing)));
        let best = 0;
        for (const committee of subsets(candidates, k)) {
          while (canSupport(committee, vs, best + 1)) best++;
        }
        assert.ok(k === 0 || minSupport <= best, `min support ${minSupport} > maximin ${best}`);
        // (b) PJR over every group of voters.
        const active = vs.filter((v) => v.targets.length > 0);
        const total = active.reduce((s, v) => s + v.stake, 0);
        for (let mask = 1; mask < 1 << active.length; mask++) {
          const group = active.filter((_, i) => mask & (1 << i));
          const stake = group.reduce((s, v) => s + v.stake, 0);
          const common = group.reduce((acc, v) => acc.filter((c) => v.targets.includes(c)), group[0]?.targets ?? []);
          const union = new Set(group.flatMap((v) => v.targets));
          const represented = [...union].filter((c) => winners.has(`c${c}`)).length;
          for (let l = 1; l <= Math.min(k, common.length); l++) {
            if (k * stake >= l * total && stake > 0) {
              assert.ok(represented >= l, `PJR: group ${mask} (stake ${stake}/${total}) has ${represented} < ${l}`);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
