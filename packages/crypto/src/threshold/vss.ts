import { DOMAIN } from '../domains.js';
import {
  evaluateCommitments,
  evaluatePolynomial,
  Fn,
  hashToScalar,
  Point,
  type Random,
  randomScalar,
  scalarToBytes,
  tryPoint,
} from './group.js';

/**
 * Feldman verifiable secret sharing over ristretto255: a degree-(t−1) polynomial f, its public
 * commitments C_k = a_k·G, shares f(j). Anyone can check a share against the commitments.
 */
export interface Polynomial {
  /** a_0 (the shared secret) … a_{t−1}. Secret: erase with `erasePolynomial` after dealing. */
  coefficients: bigint[];
}

/** A random polynomial of degree t − 1, with the given constant term or a random one. */
export function randomPolynomial(t: number, random: Random, constant?: bigint): Polynomial {
  const coefficients = [constant ?? randomScalar(random)];
  for (let k = 1; k < t; k++) coefficients.push(randomScalar(random));
  return { coefficients };
}

export function commitPolynomial(polynomial: Polynomial): Uint8Array[] {
  return polynomial.coefficients.map((a) => Point.BASE.multiply(a).toBytes());
}

export function shareOf(polynomial: Polynomial, recipient: number): bigint {
  return evaluatePolynomial(polynomial.coefficients, BigInt(recipient));
}

/** Best effort: bigints cannot be overwritten in place, but the references are dropped. */
export function erasePolynomial(polynomial: Polynomial): void {
  polynomial.coefficients.fill(0n);
  polynomial.coefficients.length = 0;
}

/** Decoded commitments, or undefined if any is malformed (the caller names the dealer). */
export function decodeCommitments(commitments: readonly Uint8Array[], t: number): Point[] | undefined {
  if (commitments.length !== t) return undefined;
  const points: Point[] = [];
  for (const bytes of commitments) {
    const point = tryPoint(bytes);
    if (point === undefined) return undefined;
    points.push(point);
  }
  return points;
}

/** Feldman check: share·G = Σ C_k·j^k. */
export function shareMatches(commitments: readonly Point[], recipient: number, share: bigint): boolean {
  return Point.BASE.multiply(share).equals(evaluateCommitments(commitments, BigInt(recipient)));
}

function proofChallenge(context: Uint8Array, dealer: number, commitments: readonly Uint8Array[], nonce: Uint8Array): bigint {
  return hashToScalar(DOMAIN.thresholdDkgProof, context, Uint8Array.of(dealer), ...commitments, nonce);
}

/**
 * Schnorr proof of knowledge of a_0 (Komlo–Goldberg / FROST key generation round 1), bound to the
 * session context, the dealer's index and all its commitments: (R, μ = k + a_0·c).
 */
export function proveConstantTerm(
  context: Uint8Array,
  dealer: number,
  polynomial: Polynomial,
  commitments: readonly Uint8Array[],
  random: Random,
): Uint8Array {
  const k = randomScalar(random);
  const nonce = Point.BASE.multiply(k).toBytes();
  const c = proofChallenge(context, dealer, commitments, nonce);
  const mu = Fn.add(k, Fn.mul(polynomial.coefficients[0] as bigint, c));
  const proof = new Uint8Array(64);
  proof.set(nonce, 0);
  proof.set(scalarToBytes(mu), 32);
  return proof;
}

export function verifyConstantTerm(
  context: Uint8Array,
  dealer: number,
  commitments: readonly Uint8Array[],
  proof: Uint8Array,
): boolean {
  if (proof.length !== 64 || commitments.length === 0) return false;
  const nonce = tryPoint(proof.subarray(0, 32));
  const constant = tryPoint(commitments[0] as Uint8Array);
  if (nonce === undefined || constant === undefined) return false;
  let mu: bigint;
  try {
    mu = Fn.fromBytes(proof.subarray(32, 64));
  } catch {
    return false;
  }
  const c = proofChallenge(context, dealer, commitments, proof.subarray(0, 32));
  // μ·G − c·C_0 must be R. All public: variable-time multiplication is fine.
  return Point.BASE.multiplyUnsafe(mu).subtract(constant.multiplyUnsafe(c)).equals(nonce);
}
