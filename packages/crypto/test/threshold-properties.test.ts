// Property tests of the share arithmetic: sharing, interpolation, refresh, and the DKG under
// random complaint patterns. Polynomials come from the module's own VSS (src/threshold/vss.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ristretto255 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { threshold as th } from '../src/index.js';
import { randomPolynomial, shareOf } from '../src/threshold/vss.js';
import { hexOf, interpolateForTest, publicOf, runDkg, seededRandom } from './threshold-helpers.js';

const Fn = ristretto255.Point.Fn;

/** (n, t) with 2 ≤ t ≤ n ≤ 7, a secret, and a random ordering of the members. */
const sharingCase = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    t: fc.integer({ min: 2, max: n }),
    label: fc.string(),
    order: fc.shuffledSubarray(
      Array.from({ length: n }, (_, i) => i + 1),
      { minLength: n, maxLength: n },
    ),
  }),
);

function sharesOf(n: number, t: number, label: string) {
  const polynomial = randomPolynomial(t, seededRandom(label));
  const shares = Array.from({ length: n }, (_, i) => ({
    index: i + 1,
    epoch: 0,
    secret: Fn.toBytes(shareOf(polynomial, i + 1)),
  }));
  return { secret: polynomial.coefficients[0] as bigint, shares };
}

describe('threshold share arithmetic (properties)', () => {
  it('any t of n shares interpolate to the secret; t − 1 do not', () => {
    fc.assert(
      fc.property(sharingCase, ({ n, t, label, order }) => {
        const { secret, shares } = sharesOf(n, t, label);
        const pick = (k: number) => order.slice(0, k).map((i) => shares[i - 1] as th.KeyShare);
        assert.equal(interpolateForTest(pick(t)), secret);
        if (t < n) assert.equal(interpolateForTest(pick(n)), secret);
        assert.notEqual(interpolateForTest(pick(t - 1)), secret);
      }),
      { numRuns: 100 },
    );
  });

  it('refresh keeps the secret and the group key for any t-subset, and an old share spoils interpolation', () => {
    fc.assert(
      fc.property(sharingCase, fc.integer({ min: 1, max: 3 }), ({ n, t, label, order }, epochs) => {
        const run = runDkg({ n, t }, `prop-refresh/${label}`);
        const secret = interpolateForTest(run.shares.slice(0, t));
        let shares = run.shares;
        let seeds = run.seeds;
        let group = run.outcome.group;
        for (let e = 0; e < epochs; e++) {
          const stepped = shares.map((s, k) => th.refreshShare(s, seeds[k] as th.RefreshSeeds));
          group = th.refreshGroup(
            group,
            stepped.map((s) => s.announcement),
          ).group as th.GroupPublic;
          shares = stepped.map((s) => s.share);
          seeds = stepped.map((s) => s.seeds);
        }
        const pick = order.slice(0, t).map((i) => shares[i - 1] as th.KeyShare);
        assert.equal(interpolateForTest(pick), secret);
        assert.equal(hexOf(th.groupKey(group)), hexOf(th.groupKey(run.outcome.group)));
        const stale = [run.shares[(order[0] as number) - 1] as th.KeyShare, ...pick.slice(1)];
        assert.notEqual(interpolateForTest(stale), secret);
      }),
      { numRuns: 15 },
    );
  });

  it('DKG under random complaint patterns: exactly the unanswered dealers are excluded, every t shares agree', () => {
    const pattern = fc.integer({ min: 3, max: 6 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        t: fc.integer({ min: 2, max: n - 1 }),
        corrupt: fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })), { maxLength: 3 }),
        justifying: fc.subarray(Array.from({ length: n }, (_, i) => i + 1)),
        falseAccusers: fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })), { maxLength: 2 }),
        label: fc.string(),
      }),
    );
    fc.assert(
      fc.property(pattern, ({ n, t, corrupt, justifying, falseAccusers, label }) => {
        const corruptMap = new Map<number, number[]>();
        for (const [dealer, recipient] of corrupt)
          if (dealer !== recipient) corruptMap.set(dealer, [...(corruptMap.get(dealer) ?? []), recipient]);
        const accusers = new Map(falseAccusers.filter(([a, d]) => a !== d && !corruptMap.get(d)?.includes(a)));
        const silent = [...corruptMap.keys()].filter((d) => !justifying.includes(d));
        const expectedQualified = Array.from({ length: n }, (_, i) => i + 1).filter((d) => !silent.includes(d));
        let run: ReturnType<typeof runDkg>;
        try {
          run = runDkg({ n, t }, `prop-dkg/${label}`, { corrupt: corruptMap, justifying, falseAccusers: accusers });
        } catch (e) {
          assert.ok(expectedQualified.length < t, `unexpected failure: ${(e as Error).message}`);
          return;
        }
        assert.deepEqual(run.outcome.qualified, expectedQualified);
        assert.deepEqual(
          run.outcome.excluded.map((x) => x.dealer).sort(),
          [...silent].sort((a, b) => a - b),
        );
        const key = hexOf(th.groupKey(run.outcome.group));
        assert.equal(hexOf(publicOf(interpolateForTest(run.shares.slice(0, t)))), key);
        assert.equal(hexOf(publicOf(interpolateForTest(run.shares.slice(n - t)))), key);
      }),
      { numRuns: 20 },
    );
  });
});
