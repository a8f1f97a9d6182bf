import { PhalanxError } from '@phalanx/errors';
import type { Tally, VoteThreshold } from './types.js';

/** ⌊√n⌋ of a non-negative bigint (Newton's method; exact). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new PhalanxError('INVALID_INPUT', 'isqrt of a negative number');
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1); // ≥ √n
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * Whether a tally passes, as Substrate's `VoteThreshold::approved` (positive / negative turnout
 * bias, simple majority), but exact: Substrate rounds both square roots down, we compare
 * `a/√b < c/√d` by squaring (`a²·d < c²·b`, all terms non-negative), so no rounding can decide.
 * No turnout never passes a super-majority threshold.
 */
export function approved(threshold: VoteThreshold, tally: Tally, electorate: bigint): boolean {
  const { ayes, nays, turnout } = tally;
  switch (threshold.tag) {
    case 'SimpleMajority':
      return ayes > nays;
    case 'SuperMajorityApprove':
      // nays / √turnout < ayes / √electorate
      return turnout > 0n && nays * nays * electorate < ayes * ayes * turnout;
    case 'SuperMajorityAgainst':
      // nays / √electorate < ayes / √turnout
      return turnout > 0n && nays * nays * turnout < ayes * ayes * electorate;
  }
}
