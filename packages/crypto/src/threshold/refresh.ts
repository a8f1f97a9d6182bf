import { PhalanxError } from '@phalanx/errors';
import { encode, fixedBytes, str, tuple, u64 } from '@phalanx/scale';
import { equalBytes } from '../bytes.js';
import { DOMAIN } from '../domains.js';
import { blake2_256 } from '../hash.js';
import {
  evaluateCommitments,
  Fn,
  hashToScalar,
  Point,
  pointFromBytes,
  scalarFromBytes,
  scalarToBytes,
  type ThresholdParams,
  tryPoint,
} from './group.js';
import { setsContaining, zeroSharingSets } from './seeds.js';
import type { GroupPublic, KeyShare, RefreshSeeds } from './types.js';

/**
 * Proactive refresh without communication. At each epoch every set A (seeds.ts) draws
 * ρ_A = H(seed_A, epoch) and the shares of zero z_j = Σ_{A∋j} ρ_A·h_A(j) lie on
 * Z(x) = Σ_A ρ_A·h_A(x), of degree t − 1 with Z(0) = 0; each participant adds its z_j to its share,
 * so the secret and the group key stay the same while every share changes. Then each seed steps
 * one way (seed ← H(seed)), so the state of a later epoch does not give an earlier epoch's ρ.
 * Cost per participant and epoch: C(n − 1, t − 2) hashes and scalar products (n = 7, t = 4: 15).
 * The public side: each participant announces R_A = ρ_A·G for its sets; members of a set must
 * agree, and the group commitments move by Σ_A R_A·coeffs(h_A), which updates every verification
 * share deterministically without revealing any ρ_A.
 */
export interface RefreshAnnouncement {
  readonly index: number;
  /** The epoch the refresh leads to. */
  readonly epoch: number;
  /** R_A = ρ_A·G for each set containing `index`, in `setsContaining` order. */
  readonly points: readonly Uint8Array[];
}

export interface RefreshProblem {
  readonly set: readonly number[];
  readonly reason: string;
  /** The participants whose announcements concern the set (disagreeing ones, when they disagree). */
  readonly announcers: readonly number[];
}

const zeroShareCodec = tuple(str(64), fixedBytes(32), u64);
const ratchetCodec = tuple(str(64), fixedBytes(32));

function setScalar(seed: Uint8Array, epoch: number): bigint {
  return hashToScalar(DOMAIN.thresholdZeroShare, encode(zeroShareCodec, [DOMAIN.thresholdZeroShare, seed, BigInt(epoch)]));
}

function ratchet(seed: Uint8Array): Uint8Array {
  return blake2_256(encode(ratchetCodec, [DOMAIN.thresholdSeedRatchet, seed]));
}

/** h_A(x) = x·Π_{b∉A}(x − b). */
function zeroPolynomialAt(set: readonly number[], n: number, x: bigint): bigint {
  let value = x;
  for (let b = 1; b <= n; b++) if (!set.includes(b)) value = Fn.mul(value, Fn.sub(x, BigInt(b)));
  return value;
}

/** Coefficients of h_A, lowest first (length t). */
function zeroPolynomialCoefficients(set: readonly number[], params: ThresholdParams): bigint[] {
  let coefficients = [Fn.ZERO, Fn.ONE];
  for (let b = 1; b <= params.n; b++) {
    if (set.includes(b)) continue;
    const next = Array.from({ length: coefficients.length + 1 }, () => Fn.ZERO);
    coefficients.forEach((c, k) => {
      next[k + 1] = Fn.add(next[k + 1] as bigint, c);
      next[k] = Fn.sub(next[k] as bigint, Fn.mul(c, BigInt(b)));
    });
    coefficients = next;
  }
  return coefficients;
}

/** The zero-sharing set polynomials' coefficients, for tests and the public update. */
export function zeroSharingPolynomials(params: ThresholdParams): { set: number[]; coefficients: bigint[] }[] {
  return zeroSharingSets(params).map((set) => ({ set, coefficients: zeroPolynomialCoefficients(set, params) }));
}

/**
 * One epoch step, computed locally: the new share, the stepped seeds, and the announcement to
 * publish. The caller seals the new share and seeds and erases the old ones (`eraseShare`,
 * `eraseSeeds`); this function leaves its inputs untouched. Call it once per epoch, in order.
 */
export function refreshShare(
  share: KeyShare,
  seeds: RefreshSeeds,
): { share: KeyShare; seeds: RefreshSeeds; announcement: RefreshAnnouncement } {
  if (share.index !== seeds.index || share.epoch !== seeds.epoch) {
    throw new PhalanxError(
      'INVALID_INPUT',
      `share (${share.index}, epoch ${share.epoch}) and seeds (${seeds.index}, epoch ${seeds.epoch}) do not belong together`,
    );
  }
  const sets = setsContaining(seeds, seeds.index);
  if (seeds.seeds.length !== sets.length)
    throw new PhalanxError('INVALID_INPUT', `expected ${sets.length} seeds, got ${seeds.seeds.length}`);
  const epoch = share.epoch + 1;
  const x = BigInt(share.index);
  let value = scalarFromBytes(share.secret, 'share');
  const points: Uint8Array[] = [];
  sets.forEach((set, k) => {
    const rho = setScalar(seeds.seeds[k] as Uint8Array, epoch);
    value = Fn.add(value, Fn.mul(rho, zeroPolynomialAt(set, seeds.n, x)));
    points.push(Point.BASE.multiply(rho).toBytes());
  });
  const { n, t, index } = seeds;
  return {
    share: { index, epoch, secret: scalarToBytes(value) },
    seeds: { n, t, index, epoch, seeds: seeds.seeds.map(ratchet) },
    announcement: { index, epoch, points },
  };
}

/**
 * The group's commitments after one refresh, from the announcements (any order, at least one
 * member per set). Problems name sets nobody announced and sets whose members disagree.
 */
export function refreshGroup(
  group: GroupPublic,
  announcements: readonly RefreshAnnouncement[],
): { group: GroupPublic; problems: [] } | { group: undefined; problems: RefreshProblem[] } {
  const epoch = group.epoch + 1;
  const sets = zeroSharingPolynomials(group);
  const values = sets.map(() => new Map<number, Uint8Array>());
  const problems: RefreshProblem[] = [];
  for (const a of announcements) {
    const mine = setsContaining(group, a.index);
    if (a.epoch !== epoch || a.points.length !== mine.length || a.points.some((p) => tryPoint(p) === undefined)) {
      problems.push({
        set: [],
        reason: `announcement of ${a.index} is malformed or not for epoch ${epoch}`,
        announcers: [a.index],
      });
      continue;
    }
    mine.forEach((set, k) => {
      const position = sets.findIndex((s) => s.set.join() === set.join());
      values[position]?.set(a.index, a.points[k] as Uint8Array);
    });
  }
  const rs: Point[] = [];
  sets.forEach(({ set }, k) => {
    const got = [...(values[k] as Map<number, Uint8Array>)];
    const first = got[0];
    if (first === undefined) {
      problems.push({ set, reason: 'no member of the set announced', announcers: [] });
      return;
    }
    const disagree = got.filter(([, bytes]) => !equalBytes(bytes, first[1]));
    if (disagree.length > 0) {
      problems.push({ set, reason: 'members announced different points (inconsistent seeds)', announcers: got.map(([i]) => i) });
      return;
    }
    rs.push(pointFromBytes(first[1], 'announced point'));
  });
  if (problems.length > 0) return { group: undefined, problems };
  const commitments = group.commitments.map((bytes, k) => {
    let point = pointFromBytes(bytes, 'commitment');
    sets.forEach(({ coefficients }, s) => {
      const c = coefficients[k] as bigint;
      if (c !== Fn.ZERO) point = point.add((rs[s] as Point).multiplyUnsafe(c));
    });
    return point.toBytes();
  });
  return { group: { n: group.n, t: group.t, epoch, commitments }, problems: [] };
}

/** Participant j's verification share s_j·G = Σ commitments[k]·j^k. */
export function verificationShare(group: GroupPublic, index: number): Uint8Array {
  const points = group.commitments.map((bytes, k) => pointFromBytes(bytes, `commitments[${k}]`));
  return evaluateCommitments(points, BigInt(index)).toBytes();
}

/**
 * Does the public group agree with this share (s_j·G = its verification share)? Each member checks
 * it after the DKG, a resharing and every `refreshGroup`: a set announced by a lone liar would
 * otherwise go unnoticed until the member's answers fail their proofs.
 */
export function shareMatchesGroup(group: GroupPublic, share: KeyShare): boolean {
  if (share.epoch !== group.epoch || share.index < 1 || share.index > group.n) return false;
  const own = Point.BASE.multiply(scalarFromBytes(share.secret, 'share')).toBytes();
  return equalBytes(own, verificationShare(group, share.index));
}

/** The group key (the MasterPubkey): commitments[0]. */
export function groupKey(group: GroupPublic): Uint8Array {
  return Uint8Array.from(group.commitments[0] as Uint8Array);
}
