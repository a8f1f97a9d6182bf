// Vote thresholds: hand-computed cases (including ones where Substrate's rounded square roots would
// decide differently), isqrt, and a property against a high-precision scaled-bigint reference.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { approved, isqrt, type Tally, type VoteThreshold, weightedVotes } from '../src/index.js';

const approve: VoteThreshold = { tag: 'SuperMajorityApprove', value: null };
const against: VoteThreshold = { tag: 'SuperMajorityAgainst', value: null };
const simple: VoteThreshold = { tag: 'SimpleMajority', value: null };
const t = (ayes: bigint, nays: bigint, turnout: bigint): Tally => ({ ayes, nays, turnout });

describe('Democracy thresholds: hand-computed cases', () => {
  test('SuperMajorityApprove: nays/√turnout < ayes/√electorate', () => {
    // electorate 100 (√ 10), turnout 25 (√ 5)
    assert.equal(approved(approve, t(10n, 4n, 25n), 100n), true); // 0.8 < 1
    assert.equal(approved(approve, t(10n, 5n, 25n), 100n), false); // 1 = 1: not strictly less
    assert.equal(approved(approve, t(0n, 0n, 25n), 100n), false);
    assert.equal(approved(approve, t(10n, 0n, 0n), 100n), false, 'no turnout never passes');
    // Full turnout degenerates to a simple majority.
    assert.equal(approved(approve, t(51n, 50n, 100n), 100n), true);
    assert.equal(approved(approve, t(50n, 50n, 100n), 100n), false);
    // 1/√3 ≈ 0.577 < 1/√2 ≈ 0.707: passes; Substrate's ⌊√3⌋ = ⌊√2⌋ = 1 would make it a tie.
    assert.equal(approved(approve, t(1n, 1n, 3n), 2n), true);
  });

  test('SuperMajorityAgainst: nays/√electorate < ayes/√turnout', () => {
    assert.equal(approved(against, t(5n, 10n, 25n), 100n), false); // 1 = 1
    assert.equal(approved(against, t(6n, 10n, 25n), 100n), true); // 1 < 1.2
    assert.equal(approved(against, t(1n, 3n, 25n), 100n), false); // 0.3 > 0.2
    assert.equal(approved(against, t(1n, 0n, 0n), 100n), false, 'no turnout never passes');
  });

  test('SimpleMajority: more ayes than nays', () => {
    assert.equal(approved(simple, t(51n, 50n, 0n), 100n), true);
    assert.equal(approved(simple, t(50n, 50n, 101n), 100n), false);
    assert.equal(approved(simple, t(0n, 0n, 0n), 100n), false);
  });

  test('conviction multipliers: 0.1× at 0, n× at n', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6].map((c) => weightedVotes(1000n, c)),
      [100n, 1000n, 2000n, 3000n, 4000n, 5000n, 6000n],
    );
    assert.equal(weightedVotes(19n, 0), 1n, 'rounded down');
  });

  test('isqrt: exact floor square roots', () => {
    for (const [n, r] of [
      [0n, 0n],
      [1n, 1n],
      [3n, 1n],
      [4n, 2n],
      [99n, 9n],
      [100n, 10n],
      [(1n << 128n) - 1n, (1n << 64n) - 1n],
    ] as const)
      assert.equal(isqrt(n), r, `isqrt(${n})`);
    assert.throws(
      () => isqrt(-1n),
      (error: unknown) => (error as { code?: string }).code === 'INVALID_INPUT',
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (n) => {
        const r = isqrt(n);
        return r * r <= n && n < (r + 1n) * (r + 1n);
      }),
    );
  });
});

// Reference: a/√b < c/√d ⇔ a·√d < c·√b, with √ computed to 40 decimal places (scaled bigints).
// Flooring loses less than a and c units of the last place, so a margin above a + c decides.
const SCALE = 10n ** 40n;
function reference(a: bigint, b: bigint, c: bigint, d: bigint): boolean | undefined {
  const left = a * isqrt(d * SCALE * SCALE);
  const right = c * isqrt(b * SCALE * SCALE);
  if (right - left > a + c) return true;
  if (left - right > a + c) return false;
  return undefined; // too close for the reference: skip
}

describe('Democracy thresholds: property against a high-precision reference', () => {
  const balance = fc.bigInt({ min: 0n, max: (1n << 100n) - 1n });
  test('the exact integer comparison agrees wherever the reference is decisive', () => {
    fc.assert(
      fc.property(balance, balance, balance, balance, (ayes, nays, turnoutRaw, extra) => {
        const turnout = turnoutRaw + 1n;
        const electorate = turnout + extra; // turnout never exceeds the electorate
        const tally = t(ayes, nays, turnout);
        // Approve: nays/√turnout < ayes/√electorate
        const a = reference(nays, turnout, ayes, electorate);
        if (a !== undefined) assert.equal(approved(approve, tally, electorate), a);
        // Against: nays/√electorate < ayes/√turnout
        const b = reference(nays, electorate, ayes, turnout);
        if (b !== undefined) assert.equal(approved(against, tally, electorate), b);
        assert.equal(approved(simple, tally, electorate), ayes > nays);
      }),
      { numRuns: 2000 },
    );
  });

  test('an exact tie never passes, and one nay less passes (no rounding decides)', () => {
    const n = fc.bigInt({ min: 1n, max: 1n << 60n });
    fc.assert(
      fc.property(n, n, n, (m, k, a) => {
        // electorate m², turnout k² (≤ m²): nays a·k over √turnout k = a = ayes a·m over √electorate m.
        const [lo, hi] = m < k ? [m, k] : [k, m];
        const electorate = hi * hi;
        const turnout = lo * lo;
        assert.equal(approved(approve, t(a * hi, a * lo, turnout), electorate), false);
        assert.equal(approved(approve, t(a * hi, a * lo - 1n, turnout), electorate), true);
      }),
    );
  });
});
